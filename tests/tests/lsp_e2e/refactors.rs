//! Refactor code actions beside the analyzer's fixes.

use serde_json::json;
use test_utils::lsp_client::{Client, URI, pos};

#[test]
fn refactors_rewrite_the_binding_at_the_cursor() {
    let mut client = Client::start();
    client.initialize();
    client.open(
        URI,
        "{\n  \"é\" = 1;\n  services.nginx.enable = true;\n  inherit (pkgs) hello;\n}\n",
    );
    let actions_at = |client: &mut Client, line, ch| {
        let r = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": { "start": pos(line, ch), "end": pos(line, ch) },
                    "context": { "diagnostics": [] } }),
        );
        r["result"].as_array().unwrap().clone()
    };
    let nest = actions_at(&mut client, 2, 4);
    let action = nest
        .iter()
        .find(|a| a["kind"] == "refactor.rewrite")
        .unwrap_or_else(|| panic!("{nest:?}"));
    let edit = &action["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "services = { nginx.enable = true; };");
    assert_eq!(edit["range"]["start"], pos(2, 2));

    let expand = actions_at(&mut client, 3, 18);
    let edit = &expand[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "hello = pkgs.hello;", "{expand:?}");
}

/// Removing an unused binding and `x = x;` → `inherit x;`: the quick fix while the
/// diagnostic is shown (offered once), a refactor when it is suppressed.
#[test]
fn fixes_are_refactors_too_when_their_diagnostic_is_off() {
    let mut client = Client::start();
    client.initialize();
    let text = "x: {\n  a = let unused = 1; in 2;\n  # firn: allow(unused-binding)\n  b = let quiet = 1; in 2;\n  x = x;\n}\n";
    client.open(URI, text);
    let actions_at = |client: &mut Client, line, ch| {
        let r = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": { "start": pos(line, ch), "end": pos(line, ch) },
                    "context": { "diagnostics": [] } }),
        );
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["kind"].as_str().unwrap().to_string(),
                    a["edit"]["changes"][URI][0]["newText"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        actions_at(&mut client, 1, 12),
        [("quickfix".to_string(), json!(""))]
    );
    assert_eq!(
        actions_at(&mut client, 3, 12),
        [("refactor.rewrite".to_string(), json!(""))]
    );
    let inherit = actions_at(&mut client, 4, 2);
    assert_eq!(
        inherit,
        [("quickfix".to_string(), json!("inherit x;"))],
        "{inherit:?}"
    );
}

#[test]
fn prepare_rename_answers_before_the_user_types_a_name() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    assert_eq!(caps["renameProvider"]["prepareProvider"], true, "{caps}");
    client.open(
        URI,
        "let\n  greeting = \"hi\";\nin\nbuiltins.map toString [ greeting ]\n",
    );
    let prepare = |client: &mut Client, line, ch| {
        client.request(
            "textDocument/prepareRename",
            json!({ "textDocument": { "uri": URI }, "position": pos(line, ch) }),
        )
    };
    // On a use: the identifier's range.
    let on_use = prepare(&mut client, 3, 27);
    assert_eq!(on_use["result"]["start"], pos(3, 24), "{on_use}");
    assert_eq!(on_use["result"]["end"], pos(3, 32), "{on_use}");
    // On a builtin: an error naming it, before any name is typed.
    for (line, ch) in [(3, 2), (3, 14)] {
        let builtin = prepare(&mut client, line, ch);
        let message = builtin["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("is a builtin"), "{builtin}");
    }
    // On a keyword or a literal: nothing to rename.
    let keyword = prepare(&mut client, 2, 0);
    assert!(keyword["error"]["message"].is_string(), "{keyword}");
}
