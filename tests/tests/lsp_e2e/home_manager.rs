//! A home-manager module in the editors' test flake (home-manager and nixpkgs' lib from the
//! corpus as `path:` inputs, the golden list's stub `pkgs`, locked by Nix 2.8): a package
//! option's value completes to its default (`pkgs.git`, as `mkPackageOption` writes it; and
//! `null` when the option is nullable),
//! and `pkgs.` completes from the configuration's own `pkgs` (the stub here: the flake has
//! no nixpkgs input).

#[path = "../common/editor_workspace.rs"]
mod editor_workspace;

use super::evaluation::{until_answered, uri};
use serde_json::json;
use test_utils::lsp_client::{Client, labels};

#[test]
fn package_options_complete_from_the_configurations_pkgs() {
    if test_utils::reference_dir("FIRN_CORPUS", "home-manager package completion").is_none()
        || !test_utils::program_available("nix", "home-manager package completion")
    {
        return;
    }
    let dir = editor_workspace::create("lsp-home-manager");
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let home = uri(&dir.join("home.nix"));
    let text =
        "{ pkgs, ... }:\n{\n  home.stateVersion = \"24.05\";\n  programs.git.package = \n}\n";
    client.open(&home, text);
    let values = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &home,
        3,
        25,
    ));
    assert_eq!(values, ["pkgs.git", "null"]);
    let typed = "{ pkgs, ... }:\n{\n  home.stateVersion = \"24.05\";\n  programs.git.package = pkgs.gi\n}\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": home, "version": 2 },
                "contentChanges": [ { "text": typed } ] }),
    );
    let names = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &home,
        3,
        32,
    ));
    for expected in ["git", "gitFull", "hello"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
