//! Semantic tokens: full, delta against the previous result, and range.

use serde_json::{Value, json};
use test_utils::lsp_client::{Client, URI, pos};

/// Decodes the relative encoding into (line, start, length, type name) tuples.
fn decode(data: &Value, legend: &[String]) -> Vec<(u64, u64, u64, String)> {
    let numbers: Vec<u64> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0];
            start += t[1];
            (line, start, t[2], legend[t[3] as usize].clone())
        })
        .collect()
}

#[test]
fn semantic_tokens_full_delta_and_range() {
    let mut client = Client::start();
    let init = client.initialize();
    let provider = &init["result"]["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"]["delta"], true, "{provider}");
    assert_eq!(provider["range"], true);
    let legend: Vec<String> = provider["legend"]["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let text = "let\n  f = x: \"é😀\" + x;\nin\nf ./p.nix\n";
    client.open(URI, text);
    let doc = json!({ "uri": URI });

    let full = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc }),
    );
    let tokens = decode(&full["result"]["data"], &legend);
    let expect = |line, start, len, kind: &str| (line, start, len, kind.to_string());
    assert!(tokens.contains(&expect(0, 0, 3, "keyword")), "{tokens:?}");
    assert!(tokens.contains(&expect(1, 2, 1, "function")), "{tokens:?}");
    assert!(tokens.contains(&expect(1, 6, 1, "parameter")), "{tokens:?}");
    // `é😀` is three UTF-16 units; the parameter use after ` + ` starts at 17.
    assert!(tokens.contains(&expect(1, 9, 1, "string")), "{tokens:?}");
    assert!(tokens.contains(&expect(1, 10, 3, "string")), "{tokens:?}");
    assert!(
        tokens.contains(&expect(1, 17, 1, "parameter")),
        "{tokens:?}"
    );
    assert!(tokens.contains(&expect(3, 2, 7, "path")), "{tokens:?}");
    let first_id = full["result"]["resultId"].as_str().unwrap().to_string();

    // Rename the use `f` on line 3 to `g`: undefined now, so a variable, not a function.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{ "range": { "start": pos(3, 0), "end": pos(3, 1) }, "text": "g" }],
        }),
    );
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc, "previousResultId": first_id }),
    );
    let edits = delta["result"]["edits"].as_array().expect("a delta");
    assert_eq!(edits.len(), 1, "{delta}");
    let data = edits[0]["data"].as_array().unwrap();
    assert_eq!(data.len(), 5, "one token changed: {delta}");
    assert_eq!(legend[data[3].as_u64().unwrap() as usize], "variable");
    assert_ne!(delta["result"]["resultId"].as_str().unwrap(), first_id);

    // A stale id gets the whole result.
    let stale = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc, "previousResultId": first_id }),
    );
    assert!(stale["result"]["data"].is_array(), "{stale}");

    let range = client.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": doc, "range": { "start": pos(2, 0), "end": pos(3, 9) } }),
    );
    let tokens = decode(&range["result"]["data"], &legend);
    let kinds: Vec<&str> = tokens.iter().map(|t| t.3.as_str()).collect();
    assert_eq!(kinds, ["keyword", "variable", "path"], "{tokens:?}");
}

#[test]
fn undefined_names_and_builtins_carry_their_modifiers() {
    let mut client = Client::start();
    let init = client.initialize();
    let legend = &init["result"]["capabilities"]["semanticTokensProvider"]["legend"];
    let modifiers: Vec<&str> = legend["tokenModifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let bit = |name: &str| 1 << modifiers.iter().position(|m| *m == name).unwrap();
    client.open(URI, "[ missing map ]\n");
    let full = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    // Tokens are five numbers each; `missing` is the first, `map` the second.
    let data: Vec<u64> = full["result"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(data[4] & bit("unresolved"), bit("unresolved"), "{data:?}");
    assert_eq!(
        data[9] & bit("defaultLibrary"),
        bit("defaultLibrary"),
        "{data:?}"
    );
    assert_eq!(data[9] & bit("unresolved"), 0, "{data:?}");
}
