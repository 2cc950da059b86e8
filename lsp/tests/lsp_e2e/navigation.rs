//! Requests about the structure around a position: selection ranges, document links,
//! inlay hints, signature help, workspace symbols.

use crate::client::{Client, URI, pos};
use serde_json::{Value, json};

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
