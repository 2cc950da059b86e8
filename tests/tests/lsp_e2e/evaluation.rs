//! What the evaluator adds in the editor, on a flake whose `nixpkgs` input is the corpus's
//! nixpkgs lib (a `path:` input, locked here as Nix locks it): completion after
//! `nixpkgs.lib.` and `self.` in the half-typed `flake.nix` and after `lib.` in a module,
//! hover with the doc comment nixpkgs writes for `mkOption`, go to definition into
//! nixpkgs' lib and from an input to its `flake.nix`, an unsaved edit that changes what
//! `lib` is, and an evaluation that never ends, which neither blocks the requests that
//! need no evaluation nor outlives the edit after it; with a stand-in nixpkgs, `pkgs.` in a
//! module and a package's definition (its `meta.position`).

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use test_utils::lsp_client::{Client, labels, pos};

pub(super) fn nixpkgs_lib() -> Option<PathBuf> {
    let corpus = test_utils::reference_dir("FIRN_CORPUS", "lsp_e2e evaluation")?;
    Some(corpus.join("nixpkgs-lib"))
}

/// A flake whose `nixpkgs` input is the `path:` flake `lib_dir`, with the lock Nix would
/// write for it.
fn workspace(name: &str, lib_dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    workspace_with(name, lib_dir, "{ }", files)
}

/// A `flake.lock` node for the `path:` input `dir`, as Nix 2.8 writes it.
pub(super) fn path_lock_node(dir: &Path) -> Value {
    let hash = store::nar::nar_hash(dir).expect("the checkout hashes");
    json!({
        "locked": { "lastModified": 1_700_000_000, "narHash": hash.to_sri(),
                    "path": dir.to_str().unwrap(), "type": "path" },
        "original": { "path": dir.to_str().unwrap(), "type": "path" }
    })
}

/// The same, with the set `outputs` returns.
pub(super) fn workspace_with(
    name: &str,
    lib_dir: &Path,
    outputs: &str,
    files: &[(&str, &str)],
) -> PathBuf {
    let lock = json!({
        "nodes": {
            "nixpkgs": path_lock_node(lib_dir),
            "root": { "inputs": { "nixpkgs": "nixpkgs" } }
        },
        "root": "root",
        "version": 7
    });
    let flake = format!(
        "{{\n  inputs.nixpkgs.url = \"path:{}\";\n  outputs = {{ self, nixpkgs }}: {outputs};\n}}\n",
        lib_dir.display()
    );
    let mut all: Vec<(&str, &str)> = vec![("flake.nix", &flake)];
    let lock = lock.to_string();
    all.push(("flake.lock", &lock));
    all.extend_from_slice(files);
    test_utils::scratch_dir(&format!("e2e-evaluation-{name}"), &all)
}

pub(super) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Asks until the answer is not empty (the first request may come before the evaluation
/// ends: it answers without it, and the evaluation goes on); gives up after 30 s.
pub(super) fn until_answered(
    client: &mut Client,
    method: &str,
    uri: &str,
    line: u32,
    ch: u32,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let response = client.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": pos(line, ch) }),
        );
        // An incomplete list: the evaluation had not answered yet.
        let empty = match &response["result"] {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            other => other["isIncomplete"] == Value::Bool(true),
        };
        if !empty || Instant::now() > deadline {
            return response;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn nixpkgs_lib_completes_hovers_and_navigates_from_evaluation() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let module = "{ lib, ... }:\n{\n  options.x = lib.mkOption { };\n}\n";
    let dir = workspace("lib", &lib_dir, &[("module.nix", module)]);
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));

    // The flake, half typed: `nixpkgs.lib.` then nothing (a syntax error).
    let flake_uri = uri(&dir.join("flake.nix"));
    let typed = format!(
        "{{\n  inputs.nixpkgs.url = \"path:{}\";\n  outputs = {{ self, nixpkgs }}: {{\n    x = nixpkgs.lib.mkO\n    y = self.\n  }};\n}}\n",
        lib_dir.display()
    );
    client.open(&flake_uri, &typed);
    let names = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &flake_uri,
        3,
        20,
    ));
    for expected in ["mkOption", "mkOptionType", "mapAttrs", "version"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // The list has names only; resolving one gives its type and documentation.
    let list = until_answered(&mut client, "textDocument/completion", &flake_uri, 3, 20);
    let items = list["result"]["items"]
        .as_array()
        .or(list["result"].as_array())
        .cloned()
        .unwrap_or_default();
    let item = items
        .iter()
        .find(|i| i["label"] == "mkOption")
        .unwrap_or_else(|| panic!("{list}"));
    assert!(item.get("documentation").is_none(), "{item}");
    let resolved = client.request("completionItem/resolve", item.clone());
    assert_eq!(resolved["result"]["detail"], "lambda", "{resolved}");
    let doc = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        doc.contains("Creates an Option declaration for use with the module system."),
        "{resolved}"
    );

    // A module: `lib` is the flake's nixpkgs lib.
    let module_uri = uri(&dir.join("module.nix"));
    client.open(&module_uri, module);
    let hover = until_answered(&mut client, "textDocument/hover", &module_uri, 2, 20);
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        markdown.contains("Creates an Option declaration for use with the module system."),
        "{hover}"
    );
    assert!(markdown.contains("lib/options.nix"), "{markdown}");
    let definition = until_answered(&mut client, "textDocument/definition", &module_uri, 2, 20);
    let target = definition["result"][0]["uri"].as_str().unwrap_or_default();
    assert_eq!(
        target,
        uri(&lib_dir.join("lib/options.nix")),
        "{definition}"
    );
    let line = definition["result"][0]["range"]["start"]["line"]
        .as_u64()
        .unwrap();
    let options = std::fs::read_to_string(lib_dir.join("lib/options.nix")).unwrap();
    let defining = options.lines().nth(line as usize).unwrap_or_default();
    assert!(
        defining.trim_start().starts_with("mkOption"),
        "line {line}: {defining}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unsaved_edit_changes_what_evaluation_sees_and_a_runaway_evaluation_blocks_nothing() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    // Names the text alone cannot see: made by a function call.
    let made = "builtins.listToAttrs [ { name = \"before\"; value = 1; } ]\n";
    // Constant memory, no deep calls, about 10^11 steps.
    let main = "let\n  lib = import ./made.nix;\n  forever = builtins.foldl' (a: _: a + builtins.length (builtins.genList (x: x) 1000000)) 0 (builtins.genList (x: x) 100000);\nin\n[ (lib.) (forever.) ]\n";
    let dir = workspace("edit", &lib_dir, &[("made.nix", made), ("main.nix", main)]);
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let main_uri = uri(&dir.join("main.nix"));
    client.open(&main_uri, main);
    let before = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &main_uri,
        4,
        7,
    ));
    assert_eq!(before, ["before"]);

    // The edit is not saved: the evaluator reads the buffer.
    let made_uri = uri(&dir.join("made.nix"));
    client.open(&made_uri, made);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": made_uri, "version": 2 },
            "contentChanges": [ { "text": made.replace("before", "after") } ]
        }),
    );
    let after = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &main_uri,
        4,
        7,
    ));
    assert_eq!(after, ["after"]);

    // An evaluation that never ends: the request answers without it, and so do requests
    // that need no evaluation while it runs.
    let started = Instant::now();
    let runaway = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": main_uri }, "position": pos(4, 18) }),
    );
    assert_eq!(labels(&runaway), Vec::<String>::new());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main_uri } }),
    );
    assert!(symbols["result"].is_array(), "{symbols}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // An edit stops it: the next evaluation is answered.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": made_uri, "version": 3 },
            "contentChanges": [ { "text": made.replace("before", "again") } ]
        }),
    );
    let again = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &main_uri,
        4,
        7,
    ));
    assert_eq!(again, ["again"]);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A stand-in for nixpkgs: `legacyPackages.<system>.hello`, a derivation whose
/// `meta.position` names the file that defines it, as nixpkgs' packages do.
const STUB_NIXPKGS: &[(&str, &str)] = &[
    (
        "flake.nix",
        "{\n  outputs = { self }: {\n    legacyPackages = builtins.listToAttrs (map (system: {\n      name = system;\n      value = { hello = import ./hello.nix { inherit system; }; };\n    }) [ \"x86_64-linux\" \"aarch64-linux\" \"x86_64-darwin\" \"aarch64-darwin\" ]);\n  };\n}\n",
    ),
    (
        "hello.nix",
        "{ system }:\nderivation { name = \"hello\"; inherit system; builder = \"/bin/sh\"; }\n// { meta.position = \"${toString ./hello.nix}:2\"; }\n",
    ),
];

#[test]
fn pkgs_in_a_module_completes_and_a_package_leads_to_its_file() {
    let stub = test_utils::scratch_dir("e2e-evaluation-stub-nixpkgs", STUB_NIXPKGS);
    let module = "{ pkgs, ... }:\n{\n  a = pkgs.hello;\n  b = pkgs.;\n}\n";
    let dir = workspace("pkgs", &stub, &[("module.nix", module)]);
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let module_uri = uri(&dir.join("module.nix"));
    client.open(&module_uri, module);
    let names = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &module_uri,
        3,
        11,
    ));
    assert_eq!(names, ["hello"]);
    let definition = until_answered(&mut client, "textDocument/definition", &module_uri, 2, 12);
    assert_eq!(
        definition["result"][0]["uri"].as_str().unwrap_or_default(),
        uri(&stub.join("hello.nix")),
        "{definition}"
    );
    assert_eq!(
        definition["result"][0]["range"]["start"]["line"], 1,
        "{definition}"
    );
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&stub).ok();
}

/// A package's arguments are what its `callPackage` call passes: the set given by hand,
/// else what `callPackage` takes from its scope (here `lib.callPackageWith`), else the
/// argument's default. The caller is another file in another directory, with relative
/// paths of its own.
#[test]
fn a_packages_arguments_come_from_its_call_package() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let caller = format!(
        "let\n  lib = import {}/lib;\n  scope = {{ inherit lib; greeting = import ./greeting.nix; }};\n  callPackage = lib.callPackageWith scope;\nin\n{{\n  hello = callPackage ./pkgs/hello {{ extra = {{ flag = true; }}; }};\n}}\n",
        lib_dir.display()
    );
    let package = "{ lib, greeting, extra, other ? { fallback = 1; } }:\n{\n  a = greeting.;\n  b = extra.;\n  c = other.;\n  d = lib.mkOpt;\n}\n";
    let dir = workspace(
        "callpackage",
        &lib_dir,
        &[
            ("default.nix", &caller),
            ("greeting.nix", "{ text = \"hi\"; count = 2; }\n"),
            ("pkgs/hello/default.nix", package),
        ],
    );
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let package_uri = uri(&dir.join("pkgs/hello/default.nix"));
    client.open(&package_uri, package);
    let complete = |client: &mut Client, line, ch| {
        labels(&until_answered(
            client,
            "textDocument/completion",
            &package_uri,
            line,
            ch,
        ))
    };
    // From the scope (through the caller's `./greeting.nix`), by hand, by default.
    assert_eq!(complete(&mut client, 2, 15), ["count", "text"]);
    assert_eq!(complete(&mut client, 3, 12), ["flag"]);
    assert_eq!(complete(&mut client, 4, 12), ["fallback"]);
    let lib_names = complete(&mut client, 5, 15);
    assert!(lib_names.iter().any(|n| n == "mkOption"), "{lib_names:?}");
    std::fs::remove_dir_all(&dir).ok();
}

pub(super) const OPTIONS_MODULE: &str = r#"{ lib, ... }:
{
  options.services.web = {
    enable = lib.mkEnableOption "the web server";
    port = lib.mkOption {
      type = lib.types.port;
      default = 8080;
      description = "Port to listen on.";
    };
    mode = lib.mkOption { type = lib.types.enum [ "fast" "safe" ]; default = "safe"; };
  };
  options.users = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule {
      options.shell = lib.mkOption { type = lib.types.str; description = "The login shell."; };
    });
    default = { };
  };
}
"#;

#[test]
fn option_paths_complete_and_hover_in_a_module_of_a_configuration() {
    let Some(lib_dir) = nixpkgs_lib() else {
        return;
    };
    let saved = "{ config, lib, ... }:\n{\n  services.web.port = 80;\n}\n";
    let dir = workspace_with(
        "options",
        &lib_dir,
        "{ nixosConfigurations.host = nixpkgs.lib.evalModules { modules = [ ./options.nix ./host.nix ]; }; }",
        &[("options.nix", OPTIONS_MODULE), ("host.nix", saved)],
    );
    let mut client = Client::start();
    client.initialize_in(json!(uri(&dir)), json!({}));
    let host = uri(&dir.join("host.nix"));
    // Half typed (one line at a time): the evaluator reads the module as saved.
    let mut version = 1;
    let mut complete_after = |client: &mut Client, typed: &str| {
        let text =
            format!("{{ config, lib, ... }}:\n{{\n  services.web.port = 80;\n  {typed}\n}}\n");
        if version == 1 {
            client.open(&host, &text);
        } else {
            client.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": host, "version": version },
                        "contentChanges": [ { "text": text } ] }),
            );
        }
        version += 1;
        labels(&until_answered(
            client,
            "textDocument/completion",
            &host,
            3,
            2 + typed.len() as u32,
        ))
    };
    assert_eq!(
        complete_after(&mut client, "services.web."),
        ["enable", "mode", "port"]
    );
    // Resolving an option item: its type and description.
    let list = until_answered(&mut client, "textDocument/completion", &host, 3, 15);
    let item = list["result"]
        .as_array()
        .or(list["result"]["items"].as_array())
        .and_then(|items| items.iter().find(|i| i["label"] == "port").cloned())
        .unwrap_or_else(|| panic!("{list}"));
    let resolved = client.request("completionItem/resolve", item);
    assert!(
        resolved["result"]["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("16 bit unsigned integer")),
        "{resolved}"
    );
    let doc = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(doc.contains("Port to listen on."), "{resolved}");
    assert_eq!(complete_after(&mut client, "users.alice."), ["shell"]);
    assert_eq!(complete_after(&mut client, "services."), ["web"]);
    // Values: the Booleans, an enum's members.
    assert_eq!(
        complete_after(&mut client, "services.web.enable = "),
        ["true", "false"]
    );
    assert_eq!(
        complete_after(&mut client, "services.web.mode = "),
        ["\"fast\"", "\"safe\""]
    );
    let hover = until_answered(&mut client, "textDocument/hover", &host, 2, 16);
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(markdown.contains("16 bit unsigned integer"), "{markdown}");
    assert!(markdown.contains("Port to listen on."), "{markdown}");
    assert!(markdown.contains("options.nix"), "{markdown}");
    // Definition: where the option is declared.
    let definition = until_answered(&mut client, "textDocument/definition", &host, 2, 16);
    assert_eq!(
        definition["result"][0]["uri"].as_str().unwrap_or_default(),
        uri(&dir.join("options.nix")),
        "{definition}"
    );
    assert_eq!(
        definition["result"][0]["range"]["start"]["line"], 4,
        "{definition}"
    );

    // Under `config = mkIf …` in a module that declares options too.
    let explicit = "{ config, lib, ... }:\n{\n  options = { };\n  config = lib.mkIf true {\n    services.web.\n  };\n}\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": host, "version": 10 },
                "contentChanges": [ { "text": explicit } ] }),
    );
    let names = labels(&until_answered(
        &mut client,
        "textDocument/completion",
        &host,
        4,
        17,
    ));
    assert_eq!(names, ["enable", "mode", "port"]);
    std::fs::remove_dir_all(&dir).ok();
}
