//! Across files: references and rename reach files that are not open, and the workspace
//! is indexed on `initialized` with `$/progress` reports.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use test_utils::lsp_client::{Client, pos};

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

#[test]
fn indexing_reports_progress_and_finds_uses_in_unopened_files() {
    let use_greet = |n: u32| format!("(import ../lib.nix).greet {n}\n");
    let dir = workspace(
        "index",
        &[
            ("lib.nix", "{\n  greet = n: n;\n}\n"),
            (
                "user.nix",
                "let\n  lib = import ./lib.nix;\nin\nlib.greet 1\n",
            ),
            ("sub/other.nix", &use_greet(2)),
            ("node_modules/skipped.nix", &use_greet(3)),
            (".git/skipped.nix", &use_greet(4)),
        ],
    );
    // A build result: a link out of the workspace (into the store, usually).
    let store = workspace("index-store", &[("skipped.nix", &use_greet(5))]);
    std::os::unix::fs::symlink(&store, dir.join("result")).unwrap();
    let lib = uri(&dir.join("lib.nix"));
    let mut client = Client::start();
    let capabilities = json!({
        "window": { "workDoneProgress": true },
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
    });
    client.initialize_in(json!(uri(&dir)), capabilities);
    let progress = |kind: &'static str| {
        move |n: &Value| n["method"] == "$/progress" && n["params"]["value"]["kind"] == kind
    };
    let begin = client.notification(progress("begin"));
    assert_eq!(begin["params"]["value"]["title"], "Indexing", "{begin}");
    let report = client.notification(progress("report"));
    assert_eq!(
        report["params"]["value"]["message"], "3/3 files",
        "{report}"
    );
    let end = client.notification(progress("end"));
    assert_eq!(end["params"]["token"], begin["params"]["token"]);
    let created = &client.server_requests[0];
    assert_eq!(created["method"], "window/workDoneProgress/create");
    assert_eq!(created["params"]["token"], begin["params"]["token"]);

    // Only lib.nix is open: the uses are found in files indexed from disk.
    client.open(&lib, &std::fs::read_to_string(dir.join("lib.nix")).unwrap());
    let references = |client: &mut Client| {
        let r = client.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": lib }, "position": pos(1, 3),
                    "context": { "includeDeclaration": false } }),
        );
        places(&r["result"])
    };
    assert_eq!(
        references(&mut client),
        [
            ("other.nix".to_string(), pos(0, 20)),
            ("user.nix".to_string(), pos(3, 4))
        ]
    );
    let registered = client
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .expect("the file watcher is registered");
    assert_eq!(
        registered["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    // Changes on disk, as the client's watcher reports them.
    std::fs::write(dir.join("new.nix"), "(import ./lib.nix).greet 6\n").unwrap();
    std::fs::remove_file(dir.join("user.nix")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": uri(&dir.join("new.nix")), "type": 1 },
            { "uri": uri(&dir.join("user.nix")), "type": 3 },
        ] }),
    );
    assert_eq!(
        references(&mut client),
        [
            ("new.nix".to_string(), pos(0, 19)),
            ("other.nix".to_string(), pos(0, 20))
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&store).ok();
}

#[test]
fn files_too_large_to_index_are_skipped_and_named() {
    // A file over the 4 MiB cap (mostly a comment, so that opening it is quick in a debug
    // build), beside a small one.
    let huge = format!("{}{{\n  pkg = 1;\n}}\n", "# generated\n".repeat(400_000));
    let dir = workspace(
        "caps",
        &[
            ("generated.nix", &huge),
            ("small.nix", "{\n  greet = n: n;\n}\n"),
        ],
    );
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let warning = client.notification(|n| n["method"] == "window/showMessage");
    let message = warning["params"]["message"].as_str().unwrap();
    assert_eq!(warning["params"]["type"], 2, "a warning: {warning}");
    assert!(
        message.contains("indexed 1 files") && message.contains("generated.nix"),
        "{message}"
    );
    // Opening the skipped file still analyses it.
    let generated = uri(&dir.join("generated.nix"));
    client.open(&generated, &huge);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": generated } }),
    );
    assert!(
        symbols["result"].as_array().is_some_and(|s| s.len() == 1),
        "one attribute"
    );
    std::fs::remove_dir_all(&dir).ok();
}
