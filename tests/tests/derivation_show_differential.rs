//! `firn derivation show -r` against Nix 2.8 (`nix-instantiate` into a temporary store, then
//! `nix show-derivation -r`), on seeded generated derivations evaluated by firn's evaluator:
//! single and multiple outputs, dependencies on earlier derivations and their outputs,
//! sources (path literals and `builtins.toFile`), fixed-output flat and recursive in every
//! hash form, structured attributes, `__ignoreNulls`, `passAsFile`, and values needing
//! escapes. Both sides print every `.drv` path with its outputs' paths and full contents, so
//! equal JSON means equal `.drv` paths, output paths and `.drv` files (a `.drv` path is the
//! hash of the file's text). Skips visibly when Nix is not installed.

use std::path::Path;
use std::process::Command;
use store::hash::{Encoding, Hash, HashAlgo};
use test_utils::random::{Rng, nix_string};

const COUNT: usize = 60;
const TEXT: &[&str] = &[
    "a", "Z", " ", "\n", "\t", "\r", "\"", "\\", "$", "${", "{", "'", "''", "é", "😀", "0", "=",
];
const SYSTEMS: &[&str] = &["x86_64-linux", "aarch64-darwin", "é\tsys"];
const OUTPUTS: &[&str] = &["out", "dev", "lib", "bin", "doc"];

/// A random attribute value: text, numbers, Booleans, null, lists, and references to
/// earlier derivations (or one of their outputs) and to sources.
fn value(rng: &mut Rng, earlier: &[Vec<&str>], sources: usize, depth: usize) -> String {
    match rng.below(if depth > 1 { 6 } else { 8 }) {
        0 => {
            let len = rng.below(12);
            nix_string(&rng.string(TEXT, len))
        }
        // Parenthesised: a negative number in a list would otherwise be a subtraction.
        1 => format!("({})", rng.next_u64() as i32),
        2 => if rng.chance(50) { "true" } else { "false" }.to_string(),
        3 => "null".to_string(),
        4 if !earlier.is_empty() => {
            let i = rng.below(earlier.len());
            match rng.below(3) {
                0 => format!("d{i}"),
                1 => format!("d{i}.{}", rng.pick(&earlier[i])),
                _ => format!("\"pre-${{d{i}.{}}}-post\"", rng.pick(&earlier[i])),
            }
        }
        5 => format!("s{}", rng.below(sources)),
        6 => {
            let items: Vec<String> = (0..rng.below(4))
                .map(|_| value(rng, earlier, sources, depth + 1))
                .collect();
            format!("[ {} ]", items.join(" "))
        }
        _ => format!("\"x${{s{}}}y\"", rng.below(sources)),
    }
}

/// A hash in one of the forms `outputHash` accepts.
fn output_hash(rng: &mut Rng, algo: HashAlgo) -> (String, bool) {
    let hash = Hash::digest(algo, rng.bytes(8));
    match rng.below(4) {
        0 => (hash.encode(Encoding::Base16, false), true),
        1 => (hash.encode(Encoding::Nix32, false), true),
        2 => (hash.encode(Encoding::Base64, false), true),
        // SRI names its algorithm: outputHashAlgo may be left out.
        _ => (hash.to_sri(), false),
    }
}

fn derivation(
    rng: &mut Rng,
    i: usize,
    earlier: &[Vec<&'static str>],
    sources: usize,
) -> (String, Vec<&'static str>) {
    let mut attrs = vec![
        format!(
            "name = {};",
            nix_string(&format!("d{i}-{}", rng.below(1000)))
        ),
        format!("system = {};", nix_string(rng.pick::<&str>(SYSTEMS))),
        format!(
            "builder = {};",
            // Interpolated: structured attributes take the builder as a string only.
            if rng.chance(30) {
                format!("\"${{s{}}}\"", rng.below(sources))
            } else {
                "\"/bin/sh\"".into()
            }
        ),
    ];
    let structured = rng.chance(20);
    if structured {
        attrs.push("__structuredAttrs = true;".into());
        let nested = value(rng, earlier, sources, 0);
        attrs.push(format!("nested = {{ a = {nested}; b.c = [ 1 2.5 ]; }};"));
    } else if rng.chance(20) {
        attrs.push("__ignoreNulls = true;".into());
    }
    let mut outputs = vec!["out"];
    match rng.below(5) {
        0 => {
            let algo = *rng.pick(&[HashAlgo::Sha256, HashAlgo::Sha1, HashAlgo::Sha512]);
            let (hash, needs_algo) = output_hash(rng, algo);
            attrs.push(format!("outputHash = \"{hash}\";"));
            if needs_algo {
                attrs.push(format!("outputHashAlgo = \"{}\";", algo.name()));
            }
            attrs.push(format!(
                "outputHashMode = \"{}\";",
                rng.pick(&["flat", "recursive"])
            ));
        }
        1 | 2 => {
            outputs = OUTPUTS.iter().copied().filter(|_| rng.chance(50)).collect();
            if outputs.is_empty() {
                outputs.push("bin");
            }
            let names: Vec<String> = outputs.iter().map(|o| nix_string(o)).collect();
            attrs.push(format!("outputs = [ {} ];", names.join(" ")));
        }
        _ => {}
    }
    for k in 0..rng.below(5) {
        attrs.push(format!("k{k} = {};", value(rng, earlier, sources, 0)));
    }
    if !structured && rng.chance(15) {
        attrs.push("passAsFile = [ \"text\" ];".into());
        attrs.push(format!("text = {};", nix_string(&rng.string(TEXT, 5))));
    }
    let args: Vec<String> = (0..rng.below(3))
        .map(|_| value(rng, earlier, sources, 1))
        .collect();
    attrs.push(format!("args = [ {} ];", args.join(" ")));
    (
        format!("d{i} = derivation {{ {} }};", attrs.join(" ")),
        outputs,
    )
}

/// The test case: sources, `COUNT` derivations, and `all`, which depends on every one.
fn generate(dir: &Path) -> String {
    let mut rng = Rng::new(166);
    let mut bindings = Vec::new();
    let sources = 6;
    for j in 0..sources {
        let len = rng.below(20);
        let text = rng.string(TEXT, len);
        if j % 2 == 0 {
            std::fs::write(dir.join(format!("src{j}.txt")), &text).unwrap();
            bindings.push(format!("s{j} = ./src{j}.txt;"));
        } else {
            let name = format!("file{j}");
            bindings.push(format!(
                "s{j} = builtins.toFile \"{name}\" {};",
                nix_string(&text)
            ));
        }
    }
    let mut earlier: Vec<Vec<&'static str>> = Vec::new();
    for i in 0..COUNT {
        let (binding, outputs) = derivation(&mut rng, i, &earlier, sources);
        bindings.push(binding);
        earlier.push(outputs);
    }
    let every: Vec<String> = (0..COUNT).map(|i| format!("d{i}")).collect();
    bindings.push(format!(
        "all = derivation {{ name = \"all\"; system = \"x\"; builder = \"/bin/sh\"; deps = [ {} ]; }};",
        every.join(" ")
    ));
    format!("rec {{\n{}\n}}\n", bindings.join("\n"))
}

fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("NIX_PATH")
        .env("NIX_STORE_DIR", "/nix/store")
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn generated_derivations_show_like_nix() {
    if !test_utils::program_available("nix-instantiate", "generated_derivations_show_like_nix") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drvs.nix");
    std::fs::write(&file, generate(dir.path())).unwrap();
    let store = dir.path().join("store-root");
    let store = store.to_str().unwrap();

    let drv = run(
        "nix-instantiate",
        &["--store", store, "drvs.nix", "-A", "all"],
        dir.path(),
    );
    let nix = run(
        "nix",
        &[
            "--extra-experimental-features",
            "nix-command",
            "--store",
            store,
            "show-derivation",
            "-r",
            drv.trim(),
        ],
        dir.path(),
    );
    let firn = run(
        &firn_path(),
        &["derivation", "show", "-r", "drvs.nix", "-A", "all"],
        dir.path(),
    );

    let parsed: serde_json::Value = serde_json::from_str(&nix).unwrap();
    let shown = parsed.as_object().unwrap();
    assert_eq!(shown.len(), COUNT + 1, "every derivation is shown");
    let structured = shown
        .values()
        .filter(|d| d["env"].get("__json").is_some())
        .count();
    let fixed = shown
        .values()
        .filter(|d| d["outputs"]["out"].get("hash").is_some())
        .count();
    assert!(
        structured > 3 && fixed > 3,
        "the generator covers structured ({structured}) and fixed-output ({fixed}) derivations"
    );
    // Compared as text, not parsed JSON: key order, escapes and layout must match too.
    if firn != nix {
        let diff: Vec<String> = nix
            .lines()
            .zip(firn.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(n, (a, b))| format!("line {}:\n  nix:  {a}\n  firn: {b}", n + 1))
            .collect();
        panic!(
            "firn derivation show differs from nix show-derivation:\n{}",
            diff.join("\n")
        );
    }
}

fn firn_path() -> String {
    test_utils::firn_binary().to_string_lossy().into_owned()
}
