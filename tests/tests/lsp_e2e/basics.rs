//! Lifecycle and the first features: diagnostics after edit bursts, navigation, hover,
//! symbols, completion, highlight, rename, folding, fixes; malformed input; cancellation.

use serde_json::{Value, json};
use std::time::Duration;
use test_utils::lsp_client::{Client, URI, codes, pos};

#[test]
fn initialize_advertises_features() {
    let mut client = Client::start();
    let result = client.initialize();
    let caps = &result["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"], 2, "incremental sync");
    for feature in [
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "documentSymbolProvider",
        "codeActionProvider",
    ] {
        assert!(caps.get(feature).is_some(), "{feature} missing: {caps}");
    }
}

#[test]
fn diagnostics_follow_edits_in_order() {
    let mut client = Client::start();
    client.initialize();
    client.open(URI, "let unused = 1; in x\n");
    let first = client.diagnostics(URI, 1);
    let mut found = codes(&first);
    found.sort();
    assert_eq!(found, ["undefined-variable", "unused-binding"]);

    // A burst of edits, typing "unused + " before `x` one character at a time; each must
    // land after the previous one for the final text to be right.
    let typed = "unused + ";
    for (i, ch) in typed.chars().enumerate() {
        let column = 19 + i as u32;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": 2 + i as i64 },
                "contentChanges": [{ "range": { "start": pos(0, column), "end": pos(0, column) }, "text": ch.to_string() }],
            }),
        );
    }
    // Replace `x` (now after the typed text) with `0`.
    let x_column = 19 + typed.len() as u32;
    let last = 2 + typed.len() as i64;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": last },
            "contentChanges": [{ "range": { "start": pos(0, x_column), "end": pos(0, x_column + 1) }, "text": "0" }],
        }),
    );
    let final_diagnostics = client.diagnostics(URI, last);
    assert!(final_diagnostics.is_empty(), "{final_diagnostics:?}");
}

#[test]
fn navigation_hover_symbols_and_actions() {
    let mut client = Client::start();
    client.initialize();
    let text =
        "let\n  greeting = \"hé😀\";\n  unused = 2;\nin\n{\n  a.b = greeting;\n  c = map;\n}\n";
    client.open(URI, text);
    client.diagnostics(URI, 1);
    let doc = json!({ "uri": URI });

    // `greeting` on line 5 → its definition on line 1.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": doc, "position": pos(5, 10) }),
    );
    let target = &def["result"][0];
    assert_eq!(target["uri"], URI);
    assert_eq!(target["range"]["start"], pos(1, 2));
    assert_eq!(target["range"]["end"], pos(1, 10));

    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": doc, "position": pos(1, 4), "context": { "includeDeclaration": true } }),
    );
    let lines: Vec<i64> = refs["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [1, 5]);

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": pos(6, 7) }),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("builtin"),
        "{hover}"
    );

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": doc }),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["greeting", "unused", "a.b", "c"]);

    // Completion inside the set: `let` names, then builtins.
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": doc, "position": pos(6, 6) }),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(&labels[..2], ["greeting", "unused"], "{labels:?}");
    assert!(labels.contains(&"builtins") && labels.contains(&"map"));

    let highlights = client.request(
        "textDocument/documentHighlight",
        json!({ "textDocument": doc, "position": pos(5, 10) }),
    );
    let kinds: Vec<i64> = highlights["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_i64().unwrap())
        .collect();
    assert_eq!(kinds, [3, 2], "definition (write) then the use (read)");

    let rename = client.request(
        "textDocument/rename",
        json!({ "textDocument": doc, "position": pos(5, 10), "newName": "salutation" }),
    );
    let edits = rename["result"]["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{rename}");
    assert!(edits.iter().all(|e| e["newText"] == "salutation"));
    // `unused` is already bound in the same `let`.
    let refused = client.request(
        "textDocument/rename",
        json!({ "textDocument": doc, "position": pos(5, 10), "newName": "unused" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already defined"),
        "{refused}"
    );

    let folds = client.request("textDocument/foldingRange", json!({ "textDocument": doc }));
    let spans: Vec<(i64, i64)> = folds["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_i64().unwrap(),
                f["endLine"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        spans.contains(&(0, 7)) && spans.contains(&(4, 7)),
        "the let and the set: {spans:?}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": doc, "range": { "start": pos(2, 2), "end": pos(2, 2) }, "context": { "diagnostics": [] } }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "remove the binding");
    let edit = &action["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "");
    // `  greeting = "hé😀";` is 20 UTF-16 units long (the emoji counts two, `é` one).
    assert_eq!(edit["range"]["start"], pos(1, 20));
}

#[test]
fn a_half_typed_binding_is_one_error_and_the_next_bindings_stay_whole() {
    let mut client = Client::start();
    client.initialize();
    for (version, text, line, character) in [
        (
            1,
            "{ lib, ... }:\n{\n  extra = \n  foo = lib.mkIf true 1;\n  bar = 2;\n}\n",
            2,
            9,
        ),
        (
            2,
            "{ lib, ... }:\nlet\n  foo = lib.\n  bar = 2;\nin\n{ inherit foo bar; }\n",
            2,
            12,
        ),
    ] {
        if version == 1 {
            client.open(URI, text);
        } else {
            client.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": version },
                        "contentChanges": [{ "text": text }] }),
            );
        }
        let diagnostics = client.diagnostics(URI, version);
        assert_eq!(codes(&diagnostics), ["syntax-error"], "{diagnostics:?}");
        assert_eq!(
            diagnostics[0]["range"]["start"],
            pos(line, character),
            "{diagnostics:?}"
        );
    }
}

#[test]
fn malformed_and_unknown_requests_get_errors_not_exits() {
    let mut client = Client::start();
    client.initialize();
    client.send_raw("{ this is not json");
    let parse_error = client.response(Value::Null);
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    let unknown = client.request("firn/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert!(bad_params.get("error").is_some(), "{bad_params}");
    // Still alive and answering.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///never/opened.nix" } }),
    );
    assert_eq!(symbols["result"], Value::Null);
}

#[test]
fn cancellation_and_shutdown() {
    let mut client = Client::start();
    client.initialize();
    client.open(URI, "{ a = 1; }\n");
    let id = client.send_request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    client.notify("$/cancelRequest", json!({ "id": id }));
    let response = client.response(json!(id));
    // Either it finished first or it was cancelled; both are answers.
    assert!(
        response.get("result").is_some() || response["error"]["code"] == -32800,
        "{response}"
    );
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    assert!(shutdown.get("error").is_none());
    client.notify("exit", Value::Null);
    let status = (0..200)
        .find_map(|_| {
            std::thread::sleep(Duration::from_millis(25));
            client.child.try_wait().unwrap()
        })
        .expect("the server exits after `exit`");
    assert!(status.success(), "{status:?}");
}

#[test]
fn diagnostic_levels_follow_the_editor_settings() {
    let mut client = Client::start();
    client.configuration = json!({ "diagnostics": { "unused-binding": "off" } });
    client.initialize_with(json!({ "workspace": { "configuration": true } }));
    client.open(URI, "let unused = 1; in x\n");
    // The configuration arrives in the background; once it has, diagnostics are published
    // again for the open document, without `unused-binding`.
    let mut seen = codes(&client.diagnostics(URI, 1));
    for _ in 0..50 {
        if !seen.iter().any(|c| c == "unused-binding") {
            break;
        }
        match client.try_notification(|n| n["method"] == "textDocument/publishDiagnostics") {
            Some(n) => seen = codes(n["params"]["diagnostics"].as_array().unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, ["undefined-variable"]);
    // Settings pushed with the notification apply at once: `unused-binding` as an error,
    // `undefined-variable` off.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "firn": { "diagnostics": {
            "unused-binding": "error", "undefined-variable": "off" } } } }),
    );
    let pushed = client.diagnostics(URI, 1);
    assert_eq!(codes(&pushed), ["unused-binding"], "{pushed:?}");
    assert_eq!(pushed[0]["severity"], 1, "{pushed:?}");
}
