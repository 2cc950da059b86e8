//! Across files: references and rename reach files that are not open, and the workspace
//! is indexed on `initialized` with `$/progress` reports.

use crate::client::{Client, pos};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A fresh directory holding `files`.
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("firn-e2e-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// (file name, line, character) of each location, sorted.
fn places(locations: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = locations
        .as_array()
        .unwrap_or_else(|| panic!("{locations}"))
        .iter()
        .map(|l| {
            let name = l["uri"].as_str().unwrap().rsplit('/').next().unwrap();
            (name.to_string(), l["range"]["start"].clone())
        })
        .collect();
    out.sort_by_key(|(name, p)| (name.clone(), p.to_string()));
    out
}

#[test]
fn rename_edits_every_file_and_refuses_captures() {
    let dir = workspace(
        "rename",
        &[
            ("lib.nix", "{\n  greet = n: n;\n}\n"),
            (
                "main.nix",
                "let\n  salute = 0;\nin\n(import ./lib.nix).greet (with import ./lib.nix; greet salute)\n",
            ),
        ],
    );
    let main = uri(&dir.join("main.nix"));
    let mut client = Client::start();
    client.initialize();
    client.open(
        &main,
        &std::fs::read_to_string(dir.join("main.nix")).unwrap(),
    );
    let references = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": main }, "position": pos(3, 20),
                "context": { "includeDeclaration": true } }),
    );
    assert_eq!(
        places(&references["result"]),
        [
            ("lib.nix".to_string(), pos(1, 2)),
            ("main.nix".to_string(), pos(3, 19)),
            ("main.nix".to_string(), pos(3, 49)),
        ]
    );
    let rename = |client: &mut Client, name: &str| {
        client.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": main }, "position": pos(3, 20), "newName": name }),
        )
    };
    let renamed = rename(&mut client, "hello");
    let changes = &renamed["result"]["changes"];
    let lib_edit = &changes[uri(&dir.join("lib.nix"))][0];
    assert_eq!(lib_edit["newText"], "hello", "{renamed}");
    assert_eq!(lib_edit["range"]["start"], pos(1, 2), "{renamed}");
    assert_eq!(changes[&main][0]["range"]["start"], pos(3, 19), "{renamed}");
    assert_eq!(changes[&main][1]["range"]["start"], pos(3, 49), "{renamed}");

    // Under `with`, the new name would be the `let` binding's.
    let refused = rename(&mut client, "salute");
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("would change what another name refers to")),
        "{refused}"
    );
    let invalid = rename(&mut client, "not valid");
    assert!(invalid["error"].is_object(), "{invalid}");
    std::fs::remove_dir_all(&dir).ok();
}
