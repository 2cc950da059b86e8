//! Editing a `flake.nix`: diagnostics against its `flake.lock` (an input missing from the
//! lock, published again when the lock changes on disk), hover on an input showing what it
//! is locked to, completion of output kinds and of systems.

use serde_json::{Value, json};
use test_utils::lsp_client::{Client, codes, labels, pos};

const LOCK: &str = r#"{
  "nodes": {
    "nixpkgs": {
      "locked": { "lastModified": 1700000000, "narHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                  "owner": "NixOS", "repo": "nixpkgs", "rev": "0123456789abcdef0123456789abcdef01234567", "type": "github" },
      "original": { "owner": "NixOS", "repo": "nixpkgs", "type": "github" }
    },
    "root": { "inputs": { "nixpkgs": "nixpkgs" } }
  },
  "root": "root",
  "version": 7
}"#;

const FLAKE: &str = "{\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs\";\n  inputs.utils.url = \"github:numtide/flake-utils\";\n  outputs = { self, nixpkgs, utils }: {\n    \n    packages. = { };\n  };\n}\n";

#[test]
fn lock_diagnostics_input_hover_and_output_completion() {
    let dir = test_utils::scratch_dir("e2e-flake-editing", &[("flake.lock", LOCK)]);
    let uri = format!("file://{}", dir.join("flake.nix").display());
    let mut client = Client::start();
    client.initialize();
    client.open(&uri, FLAKE);
    let diagnostics = client.diagnostics(&uri, 1);
    let missing: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "flake-input-not-locked")
        .collect();
    assert_eq!(missing.len(), 1, "{diagnostics:?}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("input 'utils' is not in flake.lock"),
        "{diagnostics:?}"
    );

    // Hover on the input: what the lock pins it to.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": pos(1, 10) }),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("github:NixOS/nixpkgs/0123456789abcdef0123456789abcdef01234567"),
        "{markdown}"
    );
    assert!(markdown.contains("2023-11-14"), "{markdown}");

    // Output kinds at the top of the outputs set, systems under `packages.`.
    let kinds = labels(&client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": pos(4, 4) }),
    ));
    for kind in ["packages", "devShells", "nixosConfigurations", "overlays"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    let systems = labels(&client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": pos(5, 13) }),
    ));
    assert!(systems.iter().any(|s| s == "x86_64-linux"), "{systems:?}");

    // The lock gains the input on disk: the diagnostic goes.
    let relocked = LOCK.replace(
        r#""root": { "inputs": { "nixpkgs": "nixpkgs" } }"#,
        r#""root": { "inputs": { "nixpkgs": "nixpkgs", "utils": "nixpkgs" } }"#,
    );
    std::fs::write(dir.join("flake.lock"), relocked).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": format!("file://{}", dir.join("flake.lock").display()), "type": 2 } ] }),
    );
    let after = client.diagnostics(&uri, 1);
    assert!(
        !codes(&after).iter().any(|c| c == "flake-input-not-locked"),
        "{after:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
