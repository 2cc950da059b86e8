//! The layering rules of `ARCHITECTURE.md`, checked on the real dependency graph
//! (`cargo metadata`): a crate's normal and build dependencies, transitively, must not
//! include what its layer forbids.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// The crates that carry LSP types or the LSP transport: `ls-types` and `lsp-server` are
/// the ones the server uses (checked below, so this list cannot go stale).
const LSP_CRATES: &[&str] = &[
    "ls-types",
    "lsp-types",
    "lsp-server",
    "tower-lsp",
    "tower-lsp-server",
];

/// (crate, crates it must never depend on, even indirectly), besides [`LSP_CRATES`], which
/// only `lsp` may use.
const RULES: &[(&str, &[&str])] = &[
    (
        "syntax",
        &[
            "salsa",
            "tokio",
            "analysis",
            "eval",
            "store",
            "formatter",
            "lsp",
        ],
    ),
    (
        "store",
        &[
            "syntax",
            "eval",
            "analysis",
            "formatter",
            "lsp",
            "salsa",
            "tokio",
        ],
    ),
    ("eval", &["analysis", "formatter", "lsp", "salsa", "tokio"]),
    ("analysis", &["lsp", "tokio"]),
    (
        "formatter",
        &["salsa", "tokio", "analysis", "eval", "store", "lsp"],
    ),
    // The fuzz checks drive the engines as a library user would, not through the server.
    ("fuzz-checks", &["lsp", "tokio"]),
];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("metadata is JSON")
}

/// Names of every package reachable from `root` through normal or build dependencies.
fn closure(meta: &Value, root: &str) -> BTreeSet<String> {
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let root_id = names
        .iter()
        .find(|(_, name)| **name == root)
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("no package {root}"));
    let mut seen = BTreeSet::new();
    let mut stack = vec![root_id];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let not_dev_only = dep["dep_kinds"]
                .as_array()
                .expect("dep_kinds")
                .iter()
                .any(|k| k["kind"].as_str() != Some("dev"));
            let dep_id = dep["pkg"].as_str().unwrap();
            if not_dev_only && seen.insert(names[dep_id].to_string()) {
                stack.push(dep_id);
            }
        }
    }
    seen
}

#[test]
fn layers_respect_their_rules() {
    let meta = metadata();
    let mut broken = Vec::new();
    for (krate, forbidden) in RULES {
        let deps = closure(&meta, krate);
        for name in forbidden.iter().chain(LSP_CRATES) {
            if deps.contains(*name) {
                broken.push(format!("{krate} depends on {name}"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_check_sees_real_dependencies() {
    // Guards the test above against passing vacuously on an empty graph.
    let deps = closure(&metadata(), "syntax");
    assert!(deps.contains("rowan"), "{deps:?}");
    assert!(
        !deps.contains("rnix"),
        "dev-dependencies must not count: {deps:?}"
    );
    // The server's LSP types crate is one the rules name.
    let server = closure(&metadata(), "lsp");
    assert!(
        LSP_CRATES
            .iter()
            .filter(|c| **c != "tower-lsp-server" && **c != "tower-lsp")
            .any(|c| server.contains(*c)),
        "the server's LSP types crate is missing from LSP_CRATES: {server:?}"
    );
}
