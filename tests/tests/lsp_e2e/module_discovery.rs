//! Option completion and checks in modules a flake reaches other than by naming them in a
//! configuration, each evaluated with firn's evaluator over the corpus's nixpkgs lib and
//! the pinned flake-parts: a module imported by a configuration's module (through a
//! directory), a module of `nixosModules` (its own options count), a flake-parts module
//! named by `mkFlake`'s `imports`, one no flake names (matched by what it sets), and the
//! `firn.options` setting for a module outside any flake.

use super::evaluation::{
    OPTIONS_MODULE, nixpkgs_lib, path_lock_node, until_answered, uri, workspace_with,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use test_utils::lsp_client::{Client, codes, labels};

/// The completion labels at the end of `line` after opening `path` with `text`.
fn complete_at_end_of(client: &mut Client, path: &Path, text: &str, line: u32) -> Vec<String> {
    let uri = uri(path);
    client.open(&uri, text);
    let ch = text.lines().nth(line as usize).unwrap().len() as u32;
    labels(&until_answered(
        client,
        "textDocument/completion",
        &uri,
        line,
        ch,
    ))
}

/// The diagnostics of `uri` once the option check has answered (they carry `code`).
fn diagnostics_with(client: &mut Client, uri: &str, code: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = Vec::new();
    while Instant::now() < deadline {
        match client.try_notification(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            Some(n) => last = n["params"]["diagnostics"].as_array().unwrap().clone(),
            None => continue,
        }
        if codes(&last).iter().any(|c| c == code) {
            break;
        }
    }
    last
}

const HOME_OPTIONS: &str = r#"{ lib, ... }:
{
  options.home.username = lib.mkOption { type = lib.types.str; };
  options.home.shell = lib.mkOption { type = lib.types.str; default = "bash"; };
}
"#;

#[test]
fn modules_imported_listed_in_module_sets_or_loose_get_their_configuration() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let own = "{ lib, ... }:\n{\n  options.services.extra.level = lib.mkOption { type = lib.types.int; default = 1; };\n  config.services.web.port = 81;\n}\n";
    let dir = workspace_with(
        "discovery",
        &lib_dir,
        "{ nixosConfigurations.host = nixpkgs.lib.evalModules { modules = [ ./options.nix ./host.nix ]; }; homeConfigurations.me = nixpkgs.lib.evalModules { modules = [ ./home-options.nix ]; }; nixosModules.extra = ./modules/extra.nix; }",
        &[
            ("options.nix", OPTIONS_MODULE),
            ("home-options.nix", HOME_OPTIONS),
            ("host.nix", "{ imports = [ ./parts ]; }\n"),
            ("parts/default.nix", "{ imports = [ ./web.nix ]; }\n"),
            ("parts/web.nix", "{ }\n"),
            ("modules/extra.nix", own),
            ("loose/user.nix", "{ }\n"),
        ],
    );
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    // Imported by the configuration's module, through a directory's default.nix.
    assert_eq!(
        complete_at_end_of(
            &mut client,
            &dir.join("parts/web.nix"),
            "{\n  services.web.\n}\n",
            1
        ),
        ["enable", "mode", "port"]
    );
    // A module of `nixosModules`: the configuration with it, so its own options count.
    let extra = "{ lib, ... }:\n{\n  options.services.extra.level = lib.mkOption { type = lib.types.int; default = 1; };\n  config.services.\n}\n";
    assert_eq!(
        complete_at_end_of(&mut client, &dir.join("modules/extra.nix"), extra, 3),
        ["extra", "web"]
    );
    // A module nothing names: `home.*` makes it the home configuration's; its mistakes
    // are checked there.
    let loose = uri(&dir.join("loose/user.nix"));
    client.open(
        &loose,
        "{\n  home.usrname = \"me\";\n  home.shell = 1;\n}\n",
    );
    let found = diagnostics_with(&mut client, &loose, "option-unknown");
    let mut found_codes = codes(&found);
    found_codes.sort();
    assert_eq!(found_codes, ["option-type", "option-unknown"], "{found:?}");
    let unknown = found
        .iter()
        .find(|d| d["code"] == "option-unknown")
        .unwrap();
    let message = unknown["message"].as_str().unwrap_or_default();
    assert!(message.contains("did you mean `username`"), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A flake on flake-parts (the pinned checkout, a `path:` input whose `nixpkgs-lib` follows
/// ours), with the lock Nix writes for it.
fn flake_parts_workspace(lib_dir: &Path, files: &[(&str, &str)]) -> Option<PathBuf> {
    let parts_dir = test_utils::reference_dir("FIRN_FLAKE_PARTS_SRC", "flake-parts discovery")?;
    let mut parts = path_lock_node(&parts_dir);
    parts["inputs"] = json!({ "nixpkgs-lib": ["nixpkgs-lib"] });
    let lock = json!({
        "nodes": {
            "flake-parts": parts,
            "nixpkgs-lib": path_lock_node(lib_dir),
            "root": { "inputs": { "flake-parts": "flake-parts", "nixpkgs-lib": "nixpkgs-lib" } }
        },
        "root": "root",
        "version": 7
    })
    .to_string();
    let flake = format!(
        "{{
  inputs.flake-parts.url = \"path:{}\";
  inputs.flake-parts.inputs.nixpkgs-lib.follows = \"nixpkgs-lib\";
  inputs.nixpkgs-lib.url = \"path:{}\";
  outputs = inputs@{{ flake-parts, ... }}:
    flake-parts.lib.mkFlake {{ inherit inputs; }} {{
      systems = [ \"x86_64-linux\" ];
      imports = [ ./parts/dev.nix ];
    }};
}}
",
        parts_dir.display(),
        lib_dir.display()
    );
    let mut all: Vec<(&str, &str)> = vec![("flake.nix", &flake), ("flake.lock", &lock)];
    all.extend_from_slice(files);
    Some(test_utils::scratch_dir("e2e-flake-parts", &all))
}

#[test]
fn flake_parts_modules_get_flake_parts_options() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let Some(dir) = flake_parts_workspace(
        &lib_dir,
        &[
            ("parts/dev.nix", "{ imports = [ ./formatter.nix ]; }\n"),
            ("parts/formatter.nix", "{ }\n"),
        ],
    ) else {
        return;
    };
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    // Imported by a module of the `mkFlake` call.
    let names = complete_at_end_of(
        &mut client,
        &dir.join("parts/formatter.nix"),
        "{\n  \n}\n",
        1,
    );
    for expected in ["flake", "perSystem", "systems", "transposition"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    let names = complete_at_end_of(
        &mut client,
        &dir.join("parts/dev.nix"),
        "{\n  flake.\n}\n",
        1,
    );
    for expected in ["apps", "devShells", "nixosModules", "packages"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    // `firn.options` lists what Nix 2.8 lists for flake-parts' own modules (the golden
    // list, made with `evalFlakeModule`), here from the flake's own `mkFlake` call.
    let listed = client.request(
        "workspace/executeCommand",
        json!({ "command": "firn.options",
                "arguments": [ { "uri": uri(&dir.join("parts/dev.nix")), "prefix": "perSystem" } ] }),
    );
    let names: Vec<&str> = listed["result"]["options"]
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string(
            test_utils::workspace_root().join("../shared/golden/options/flake-parts.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let expected: Vec<&str> = golden
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["name"].as_str())
        .filter(|n| *n == "perSystem" || n.starts_with("perSystem."))
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        listed["result"]["configuration"], "flake-parts (mkFlake)",
        "{listed}"
    );
    // A misspelt option, with the fix.
    let dev = uri(&dir.join("parts/dev.nix"));
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": dev, "version": 2 },
                "contentChanges": [ { "text": "{\n  systemz = [ ];\n}\n" } ] }),
    );
    let found = diagnostics_with(&mut client, &dev, "option-unknown");
    assert_eq!(codes(&found), ["option-unknown"], "{found:?}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("did you mean `systems`"), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_firn_options_setting_names_the_options_of_modules_outside_flakes() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let dir = test_utils::scratch_dir(
        "e2e-options-setting",
        &[("options.nix", OPTIONS_MODULE), ("hosts/web.nix", "{ }\n")],
    );
    let mut client = Client::start();
    client.configuration = json!({ "options": {
        "hosts/*.nix": format!(
            "(import {}/lib).evalModules {{ modules = [ ./options.nix ]; }}",
            lib_dir.display()
        )
    } });
    client.initialize_in(
        json!(uri(&dir)),
        json!({ "workspace": { "configuration": true } }),
    );
    assert_eq!(
        complete_at_end_of(
            &mut client,
            &dir.join("hosts/web.nix"),
            "{\n  services.web.\n}\n",
            1
        ),
        ["enable", "mode", "port"]
    );
    std::fs::remove_dir_all(&dir).ok();
}
