//! Completion of attribute names: of a set in the same file, and through `import` of a
//! file on disk that is not open (the server reads what open documents import).

use serde_json::json;
use test_utils::lsp_client::{Client, labels, pos};

#[test]
fn attribute_names_after_a_dot_here_and_through_imports() {
    let dir = std::env::temp_dir().join(format!("firn-e2e-completion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.nix"),
        "{ pkgs ? null }:\n{ mkIf = 1; mkOption = 2; }\n",
    )
    .unwrap();
    let main = dir.join("main.nix");
    let uri = format!("file://{}", main.display());

    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["."])
    );
    let text = "let\n  lib = import ./lib.nix { };\n  cfg = { \"é\" = 1; port = 2; };\nin\n[ (lib.) (cfg.) ]\n";
    client.open(&uri, text);
    let complete = |client: &mut Client, line, ch| {
        client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, ch) }),
        )
    };
    let from_import = complete(&mut client, 4, 7);
    assert_eq!(labels(&from_import), ["mkIf", "mkOption"], "{from_import}");
    assert_eq!(from_import["result"][0]["kind"], 5, "a field");
    let local = complete(&mut client, 4, 14);
    assert_eq!(labels(&local), ["é", "port"], "{local}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn builtins_attributes_complete_and_hover_unless_shadowed() {
    let uri = "file:///e2e/builtins.nix";
    let mut client = Client::start();
    client.initialize();
    let text = "{\n  a = builtins.;\n  b = builtins.map (x: x) [ ];\n  c = let builtins = { own = 1; }; in builtins.;\n}\n";
    client.open(uri, text);
    let at = |client: &mut Client, method, line, ch| {
        client.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": pos(line, ch) }),
        )
    };
    let all = at(&mut client, "textDocument/completion", 1, 15);
    let names = labels(&all);
    for name in ["map", "attrNames", "foldl'", "toJSON", "currentSystem"] {
        assert!(names.iter().any(|n| n == name), "{name} missing: {names:?}");
    }
    let item = |name: &str| {
        all["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == name)
            .unwrap()
            .clone()
    };
    // LSP's CompletionItemKind: Function 3, Constant 21.
    assert_eq!(item("map")["kind"], 3);
    assert_eq!(item("map")["detail"], "builtins.map f list");
    assert!(
        item("map")["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Applies")
    );
    assert_eq!(item("currentSystem")["kind"], 21);
    assert_eq!(item("null")["kind"], 21);
    // Names in scope sort before builtins.
    let in_scope = at(&mut client, "textDocument/completion", 3, 37);
    let sort_text = |name: &str| {
        in_scope["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == name)
            .map(|i| i["sortText"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{name} missing: {in_scope}"))
    };
    assert!(sort_text("builtins") < sort_text("abort"), "{in_scope}");
    let hover = at(&mut client, "textDocument/hover", 2, 16);
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("builtins.map f list"), "{hover}");
    // A `builtins` of the user's own is completed from its own attributes.
    let shadowed = at(&mut client, "textDocument/completion", 3, 47);
    assert_eq!(labels(&shadowed), ["own"], "{shadowed}");
}

#[test]
fn keywords_complete_where_they_fit() {
    let uri = "file:///e2e/keywords.nix";
    let mut client = Client::start();
    client.initialize();
    client.open(uri, "let\n  a = true;\nin\nif a th\n");
    let r = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": pos(3, 7) }),
    );
    let items = r["result"].as_array().unwrap();
    let kind_of = |label: &str| {
        items
            .iter()
            .find(|i| i["label"] == label)
            .map(|i| i["kind"].clone())
    };
    // LSP's CompletionItemKind.Keyword is 14.
    assert_eq!(kind_of("then"), Some(json!(14)), "{r}");
    assert_eq!(kind_of("let"), Some(json!(14)), "{r}");
    assert_eq!(kind_of("inherit"), None, "{r}");
    assert_eq!(kind_of("a"), Some(json!(6)), "{r}");
}
