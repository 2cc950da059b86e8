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

#[test]
fn source_fix_all_applies_every_fix_for_fix_on_save() {
    let mut client = Client::start();
    let caps = client.initialize()["result"]["capabilities"].clone();
    let kinds = &caps["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds.as_array().unwrap().contains(&json!("source.fixAll")),
        "{caps}"
    );
    let text = "let unused = 1; b = true; in if b == true then 1 else 2\n";
    client.open(URI, text);
    let actions = |client: &mut Client, only: serde_json::Value| {
        let r = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI },
                    "range": { "start": pos(0, 0), "end": pos(0, 50) },
                    "context": { "diagnostics": [], "only": only } }),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .clone()
    };
    // What VS Code asks on save: one action, every fix, as a single edit.
    let on_save = actions(&mut client, json!(["source.fixAll"]));
    assert_eq!(on_save.len(), 1, "{on_save:?}");
    assert_eq!(on_save[0]["kind"], "source.fixAll");
    let edits = &on_save[0]["edit"]["changes"][URI];
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits}");
    let edit = &edits[0];
    let (start, end) = (&edit["range"]["start"], &edit["range"]["end"]);
    assert_eq!(
        (start["line"].clone(), end["line"].clone()),
        (json!(0), json!(0))
    );
    let (s, e) = (
        start["character"].as_u64().unwrap() as usize,
        end["character"].as_u64().unwrap() as usize,
    );
    let fixed = format!(
        "{}{}{}",
        &text[..s],
        edit["newText"].as_str().unwrap(),
        &text[e..]
    );
    assert_eq!(fixed, "let b = true; in if b then 1 else 2\n");
    // `source` covers `source.fixAll`; `quickfix` alone does not.
    assert_eq!(actions(&mut client, json!(["source"])).len(), 1);
    let quick = actions(&mut client, json!(["quickfix"]));
    assert!(!quick.is_empty());
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:?}");
}

#[test]
fn an_undefined_variable_close_to_a_name_in_scope_gets_a_suggested_fix() {
    let mut client = Client::start();
    client.initialize();
    client.open(URI, "let mkOption = 1; in [ mkOption mkOptoin x ]\n");
    let actions = |client: &mut Client, from, to, only: serde_json::Value| {
        let r = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI },
                    "range": { "start": pos(0, from), "end": pos(0, to) },
                    "context": { "diagnostics": [], "only": only } }),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .clone()
    };
    let typo = actions(&mut client, 33, 33, serde_json::Value::Null);
    let fix = typo
        .iter()
        .find(|a| a["title"] == "replace with `mkOption`")
        .unwrap_or_else(|| panic!("{typo:?}"));
    assert_eq!(fix["kind"], "quickfix");
    // A guess: offered, not preferred, and never applied by fix-on-save.
    assert_eq!(fix["isPreferred"], false);
    assert_eq!(fix["edit"]["changes"][URI][0]["newText"], "mkOption");
    assert!(actions(&mut client, 0, 45, json!(["source.fixAll"])).is_empty());
    // One letter from many names: no guess for `x`.
    let short = actions(&mut client, 42, 42, serde_json::Value::Null);
    assert!(short.iter().all(|a| a["kind"] != "quickfix"), "{short:?}");
}
