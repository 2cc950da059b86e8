//! The option index (`firn options --json`) against the option lists Nix 2.8 produced
//! (`../shared/golden/options/`, see its README): home-manager (7,564 options with a stub
//! `pkgs`) and flake-parts (60, and 118 with its extras). firn evaluates the same module
//! sets (the same files, entry points written here to return `{ lib; options; }`), builds
//! its index, and prints the list; after the two changes the golden's `common.nix` makes
//! (declaration prefixes, `tryEval` failures as `_error`), every entry must be equal, field
//! by field and in order. The one known difference: Nix 2.8 writes the float `1.0` as `1`
//! where lib prints floats (`toPretty`, a type's description), current CppNix and firn
//! write `1.0`; an entry that differs only so is counted, and at most 26 may (README).

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// At most this many home-manager entries differ only by Nix 2.8's float printing.
const FLOAT_ONLY_DIFFERENCES: usize = 26;

fn shared() -> Option<PathBuf> {
    let golden = test_utils::workspace_root().join("../shared/golden/options");
    if golden.is_dir() {
        return Some(golden);
    }
    assert!(!test_utils::in_ci(), "../shared/golden/options is missing");
    eprintln!("SKIPPED options_golden: ../shared/golden/options is missing");
    None
}

/// A copy of `gen/` whose `fake-nixpkgs/lib` links to the corpus's lib by its absolute path
/// (the shared copy's link is relative, and may even be a file holding the target's text).
fn gen_copy(golden: &Path, corpus_lib: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    test_utils::copy_tree(&golden.join("gen"), dir.path());
    let link = dir.path().join("fake-nixpkgs/lib");
    std::fs::remove_file(&link).ok();
    std::os::unix::fs::symlink(corpus_lib, &link).unwrap();
    dir
}

fn firn_options(file: &Path, args: &[&str]) -> Vec<Value> {
    let out = Command::new(test_utils::firn_binary())
        .args(["options", "--json", "--file"])
        .arg(file)
        .args(args)
        .output()
        .expect("firn runs");
    assert!(
        out.status.success(),
        "firn options: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON list")
}

/// The changes `gen/common.nix` makes: declaration prefixes, and any failure of a
/// description, default or example as the golden's `_error`.
fn as_golden(mut entries: Vec<Value>, prefixes: &[(String, &str)]) -> Vec<Value> {
    for e in &mut entries {
        if let Some(Value::Array(decls)) = e.get_mut("declarations") {
            for d in decls {
                let mut text = d.as_str().unwrap().to_string();
                for (from, to) in prefixes {
                    text = text.replace(from.as_str(), to);
                }
                *d = Value::String(text);
            }
        }
        for field in ["description", "default", "example"] {
            if let Some(v) = e.get_mut(field)
                && v.get("_error").is_some()
            {
                *v = json!({ "_error": "evaluation failed (tryEval)" });
            }
        }
    }
    entries
}

/// `1.0` written as Nix 2.8 writes it (`1`), in every string of a value.
fn floats_as_nix_2_8(v: &Value) -> Value {
    let re = regex_lite_float();
    match v {
        Value::String(s) => Value::String(re(s)),
        Value::Array(a) => Value::Array(a.iter().map(floats_as_nix_2_8).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), floats_as_nix_2_8(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Replaces `<digit>.0` not followed by a digit by `<digit>`.
fn regex_lite_float() -> impl Fn(&str) -> String {
    |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < chars.len() {
            if i > 0
                && chars[i - 1].is_ascii_digit()
                && chars[i] == '.'
                && chars.get(i + 1) == Some(&'0')
                && !chars.get(i + 2).is_some_and(|c| c.is_ascii_digit())
            {
                i += 2;
                continue;
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }
}

/// Compares entry by entry; returns the names that differ only by float printing.
fn compare(ours: &[Value], golden: &[Value], what: &str) -> Vec<String> {
    assert_eq!(ours.len(), golden.len(), "{what}: number of options");
    let mut float_only = Vec::new();
    for (a, b) in ours.iter().zip(golden) {
        if a == b {
            continue;
        }
        let name = a["name"].as_str().unwrap_or("?").to_string();
        // Both sides normalised: a literal text may hold `20.0` on both.
        assert_eq!(
            floats_as_nix_2_8(a),
            floats_as_nix_2_8(b),
            "{what}: option {name} differs from Nix 2.8's"
        );
        float_only.push(name);
    }
    float_only
}

fn golden(golden: &Path, file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(golden.join(file)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn home_manager_options_are_nix_2_8s() {
    let Some(golden_dir) = shared() else {
        return;
    };
    let shared = golden_dir.join("../..").canonicalize().unwrap();
    let hm = shared.join("corpus/home-manager");
    let lib = shared.join("corpus/nixpkgs-lib/lib");
    let gen_dir = gen_copy(&golden_dir, &lib);
    let gen_path = gen_dir.path();
    let entry = gen_path.join("firn-home-manager.nix");
    std::fs::write(
        &entry,
        format!(
            r#"let
  lib0 = import ./lib-compat.nix {{ libPath = {lib}; }};
  lib = import {hm}/modules/lib/stdlib-extended.nix lib0;
  pkgs = import ./fake-pkgs.nix {{ lib = lib0; system = "x86_64-linux"; }};
  modules = import {hm}/modules/modules.nix {{
    inherit lib pkgs; minimal = false; check = false; useNixpkgsModule = false;
  }};
  eval = lib.evalModules {{
    modules = modules ++ [ {{ _module.args.pkgs = lib.mkForce pkgs; _module.check = false; }} ];
    class = "homeManager";
  }};
in {{ inherit lib; options = eval.options; }}
"#,
            lib = lib.display(),
            hm = hm.display()
        ),
    )
    .unwrap();
    let prefixes = [
        (hm.display().to_string(), "<home-manager>"),
        (lib.display().to_string(), "<nixpkgs-lib>"),
        (gen_path.display().to_string(), "<stub>"),
    ];
    let ours = as_golden(firn_options(&entry, &[]), &prefixes);
    let float_only = compare(
        &ours,
        &golden(&golden_dir, "home-manager.json"),
        "home-manager",
    );
    eprintln!(
        "home-manager: {} options equal to Nix 2.8's, {} differ only by its float printing",
        ours.len() - float_only.len(),
        float_only.len()
    );
    assert!(float_only.len() <= FLOAT_ONLY_DIFFERENCES, "{float_only:?}");
}

#[test]
fn flake_parts_options_are_nix_2_8s() {
    let Some(golden_dir) = shared() else {
        return;
    };
    let shared = golden_dir.join("../..").canonicalize().unwrap();
    let fp = shared.join("upstream/flake-parts");
    let lib = shared.join("corpus/nixpkgs-lib/lib");
    let gen_dir = gen_copy(&golden_dir, &lib);
    let entry = gen_dir.path().join("firn-flake-parts.nix");
    std::fs::write(
        &entry,
        format!(
            r#"{{ withExtras ? false }}:
let
  fp = {fp};
  lib = import ./lib-compat.nix {{ libPath = {lib}; }};
  names = dir: list: lib.genAttrs list (name: fp + "/${{dir}}/${{name}}.nix");
  builtinModules = names "modules" [ "apps" "checks" "debug" "devShells" "flake" "formatter"
    "legacyPackages" "moduleWithSystem" "nixosConfigurations" "nixosModules" "nixpkgs"
    "overlays" "packages" "perSystem" "transposition" "withSystem" ];
  extraModules = names "extras" [ "easyOverlay" "flakeModules" "modules" "partitions"
    "bundlers" "touchup" ];
  fpLib = import (fp + "/lib.nix") {{ inherit lib builtinModules extraModules; }};
  self = {{ outPath = "/flake"; inputs = {{ }}; }};
  eval = fpLib.evalFlakeModule {{ inputs = {{ inherit self; }}; inherit self; }} {{
    systems = [ "x86_64-linux" ];
    imports = lib.optionals withExtras (builtins.attrValues extraModules);
  }};
in {{ inherit lib; options = eval.options; }}
"#,
            fp = fp.display(),
            lib = lib.display()
        ),
    )
    .unwrap();
    let prefixes = [
        (fp.display().to_string(), "<flake-parts>"),
        (lib.display().to_string(), "<nixpkgs-lib>"),
    ];
    let with_extras = gen_dir.path().join("firn-flake-parts-extras.nix");
    std::fs::write(
        &with_extras,
        format!("import {} {{ withExtras = true; }}\n", entry.display()),
    )
    .unwrap();
    for (file, golden_file) in [
        (&entry, "flake-parts.json"),
        (&with_extras, "flake-parts-with-extras.json"),
    ] {
        let ours = as_golden(firn_options(file, &[]), &prefixes);
        let file = golden_file;
        let float_only = compare(&ours, &golden(&golden_dir, file), file);
        assert!(float_only.is_empty(), "{file}: {float_only:?}");
    }
}
