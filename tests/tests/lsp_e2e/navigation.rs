//! Requests about the structure around a position: selection ranges, document links,
//! inlay hints, signature help, workspace symbols.

use serde_json::{Value, json};
use test_utils::lsp_client::{Client, URI, pos};

/// The ranges of a selection chain, innermost first.
fn chain(mut range: &Value) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    while range.is_object() {
        out.push((
            range["range"]["start"].clone(),
            range["range"]["end"].clone(),
        ));
        range = &range["parent"];
    }
    out
}

#[test]
fn selection_ranges_expand_outwards() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(caps["selectionRangeProvider"], true);
    client.open(URI, "{\n  s = \"é😀\" + x;\n}\n");
    let result = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": URI }, "positions": [pos(1, 14), pos(9, 0)] }),
    );
    let first = chain(&result["result"][0]);
    assert_eq!(
        first[..4],
        [
            (pos(1, 14), pos(1, 15)), // x, after `"é😀"` (4 UTF-16 units)
            (pos(1, 6), pos(1, 15)),  // "é😀" + x
            (pos(1, 2), pos(1, 16)),  // the binding
            (pos(0, 0), pos(2, 1)),   // the set
        ],
        "{result}"
    );
    // A position past the end still gets an answer.
    assert!(result["result"][1]["range"].is_object(), "{result}");
}

#[test]
fn document_links_to_imported_files_and_urls() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert!(caps["documentLinkProvider"].is_object(), "{caps}");
    let text = "{\n  \"é\" = import ./lib;\n  src = \"https://example.org/a.tar.gz\";\n  ch = <nixpkgs>;\n}\n";
    client.open(URI, text);
    let result = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": URI } }),
    );
    let links: Vec<(Value, &str)> = result["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["range"]["start"].clone(), l["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            (pos(1, 15), "file:///tmp/firn-e2e/lib/default.nix"),
            (pos(2, 9), "https://example.org/a.tar.gz"),
        ],
        "{result}"
    );
}

#[test]
fn inlay_hints_name_imported_files_and_long_closings() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(caps["inlayHintProvider"], true);
    let body: String = (0..20).map(|i| format!("    p{i} = {i};\n")).collect();
    let text = format!("{{\n  \"é\" = import ./lib;\n  long = {{\n{body}  }};\n}}\n");
    client.open(URI, &text);
    let result = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": { "start": pos(0, 0), "end": pos(30, 0) } }),
    );
    let hints: Vec<(Value, &str)> = result["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["position"].clone(), h["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        hints,
        [(pos(1, 20), "/default.nix"), (pos(23, 3), "long")],
        "{result}"
    );
}

#[test]
fn signature_help_for_builtins_and_documented_lambdas() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert!(caps["signatureHelpProvider"]["triggerCharacters"].is_array());
    let text = "let\n  /** Makes a package. */\n  mk = { name, version ? \"1\" }: name;\nin\n[ (map toString [ ]) (mk { \"é\" = 1; version = 2; }) ]\n";
    client.open(URI, text);
    let at = |line, ch| {
        json!({ "textDocument": { "uri": URI }, "position": pos(line, ch),
                "context": { "triggerKind": 1, "isRetrigger": false } })
    };
    // After `map toString `: the second parameter of `map`.
    let builtin = client.request("textDocument/signatureHelp", at(4, 16));
    let sig = &builtin["result"]["signatures"][0];
    assert_eq!(sig["label"], "builtins.map f list", "{builtin}");
    assert_eq!(builtin["result"]["activeParameter"], 1);
    assert!(
        sig["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("every element")
    );

    // On `version = ` inside the set given to `mk` (after a non-ASCII key).
    let lambda = client.request("textDocument/signatureHelp", at(4, 44));
    let sig = &lambda["result"]["signatures"][0];
    assert_eq!(sig["label"], "mk { name, version ? … }", "{lambda}");
    let active = lambda["result"]["activeParameter"].as_u64().unwrap() as usize;
    // UTF-16 offsets of `version ? …` in the label.
    assert_eq!(
        sig["parameters"][active]["label"],
        json!([11, 22]),
        "{lambda}"
    );
    assert_eq!(sig["documentation"]["value"], "Makes a package.");
}

#[test]
fn workspace_symbols_search_every_open_file() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(caps["workspaceSymbolProvider"], true);
    client.open(URI, "{\n  \"é\" = 1; services.nginx.enable = true;\n}\n");
    let other = "file:///tmp/firn-e2e/web.nix";
    client.open(other, "{ nginxPort = 80; }\n");
    let result = client.request("workspace/symbol", json!({ "query": "nginx" }));
    let found: Vec<(&str, &str, Value)> = result["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["location"]["uri"].as_str().unwrap(),
                s["location"]["range"]["start"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("nginxPort", other, pos(0, 2)),
            ("services.nginx.enable", URI, pos(1, 11)),
        ],
        "{result}"
    );
}

#[test]
fn definition_of_a_selected_attribute_here_and_in_an_imported_file() {
    let dir = std::env::temp_dir().join(format!("firn-e2e-attr-def-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lib_file = dir.join("lib.nix");
    std::fs::write(&lib_file, "{\n  mkIf = c: v: v;\n  sub.deep = 1;\n}\n").unwrap();
    let main = dir.join("main.nix");
    let uri = format!("file://{}", main.display());
    let lib_uri = format!("file://{}", lib_file.display());

    let mut client = Client::start();
    client.initialize();
    let text = "let\n  lib = import ./lib.nix;\n  cfg = { port = 2; };\nin\n[ cfg.port (lib.mkIf true 1) lib.sub.deep ]\n";
    client.open(&uri, text);
    let definition = |client: &mut Client, line, ch| {
        let r = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, ch) }),
        );
        let first = r["result"][0].clone();
        assert!(first.is_object(), "{r}");
        (
            first["uri"].as_str().unwrap().to_string(),
            first["range"]["start"].clone(),
        )
    };
    // `cfg.port` → `port` in this file.
    assert_eq!(definition(&mut client, 4, 7), (uri.clone(), pos(2, 10)));
    // `lib.mkIf` → `mkIf` in lib.nix, at its binding, not at the file's start.
    assert_eq!(definition(&mut client, 4, 17), (lib_uri.clone(), pos(1, 2)));
    // `lib.sub.deep` → `deep` in `sub.deep = 1;`.
    assert_eq!(definition(&mut client, 4, 38), (lib_uri, pos(2, 6)));
    std::fs::remove_dir_all(&dir).ok();
}
