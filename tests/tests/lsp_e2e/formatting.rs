//! Formatting and range formatting through the `formatter` crate, the `firn` configuration
//! section, and a file with syntax errors left alone.

use serde_json::{Value, json};
use test_utils::lsp_client::{Client, URI, pos};

/// Applies LSP edits to a one-line-per-entry text (ASCII only, as the tests use).
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let (line, ch) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        start + ch as usize
    };
    let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
fn formatting_whole_file_range_and_syntax_errors() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentRangeFormattingProvider"], true);
    let text = "{ a  =  1;\n  b = [1 2\n  3];\n  c   = 2;\n}\n";
    client.open(URI, text);
    let doc = json!({ "uri": URI });
    let options = json!({ "tabSize": 8, "insertSpaces": true });

    let whole = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc, "options": options }),
    );
    assert_eq!(
        apply(text, &whole["result"]),
        "{\n  a = 1;\n  b = [\n    1\n    2\n    3\n  ];\n  c = 2;\n}\n",
        "{whole}"
    );

    // Only the list binding on lines 1–2 is touched.
    let ranged = client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": doc, "options": options,
                "range": { "start": pos(1, 2), "end": pos(2, 5) } }),
    );
    assert_eq!(
        apply(text, &ranged["result"]),
        "{ a  =  1;\n  b = [\n    1\n    2\n    3\n  ];\n  c   = 2;\n}\n",
        "{ranged}"
    );

    // Mid-edit text: no edits, and no error popping up on save.
    let broken = "file:///tmp/firn-e2e/broken.nix";
    client.open(broken, "{ a = [ 1 2 \n}\n");
    let refused = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": broken }, "options": options }),
    );
    assert_eq!(refused["result"], Value::Null, "{refused}");
    assert!(refused.get("error").is_none());
}

#[test]
fn formatting_follows_the_firn_configuration() {
    let mut client = Client::start();
    client.configuration = json!({ "formatting": { "indent": 4 } });
    client.initialize_with(json!({ "workspace": { "configuration": true } }));
    let text = "{ a = [1 2\n]; }\n";
    client.open(URI, text);
    client.diagnostics(URI, 1);
    let doc = json!({ "uri": URI });
    let options = json!({ "tabSize": 2, "insertSpaces": true });
    // The configuration is read in the background: ask until it has arrived.
    let pulled = (0..50).find_map(|_| {
        let r = client.request(
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": options }),
        );
        let out = apply(text, &r["result"]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        out.contains("\n    a = [").then_some(out)
    });
    assert!(pulled.is_some(), "indent 4 from workspace/configuration");

    // Settings pushed with the notification apply at once.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "firn": { "formatting": { "indent": 3 } } } }),
    );
    let pushed = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc, "options": options }),
    );
    assert!(
        apply(text, &pushed["result"]).contains("\n   a = ["),
        "{pushed}"
    );
}
