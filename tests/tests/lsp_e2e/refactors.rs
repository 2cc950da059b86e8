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
