//! Completion of attribute names: of a set in the same file, and through `import` of a
//! file on disk that is not open (the server reads what open documents import).

use serde_json::json;
use test_utils::lsp_client::{Client, pos};

fn labels(response: &serde_json::Value) -> Vec<String> {
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

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
