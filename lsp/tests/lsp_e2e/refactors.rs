//! Refactor code actions beside the analyzer's fixes.

use crate::client::{Client, URI, pos};
use serde_json::json;

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
