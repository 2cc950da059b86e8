//! `firn check` end to end: exit codes, codes in the output, `--json`, `--set`, `--fix`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn firn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(args)
        .output()
        .expect("firn runs")
}

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    test_utils::scratch_dir(&format!("check-{name}"), files)
}

#[test]
fn warnings_alone_exit_zero_errors_exit_one() {
    let dir = scratch(
        "exit",
        &[("warn.nix", "let unused = 1; in 2\n"), ("err.nix", "x\n")],
    );
    let warn = firn(&["check", dir.join("warn.nix").to_str().unwrap()]);
    assert_eq!(warn.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&warn.stderr);
    assert!(stderr.contains("warning[unused-binding]"), "{stderr}");
    assert!(stderr.contains("warn.nix:1:5"), "{stderr}");
    let err = firn(&["check", dir.join("err.nix").to_str().unwrap()]);
    assert_eq!(err.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&err.stderr).contains("error[undefined-variable]"));
}

#[test]
fn json_and_settings() {
    let dir = scratch("json", &[("a.nix", "let unused = 1; in x\n")]);
    let out = firn(&[
        "check",
        "--json",
        "--set",
        "undefined-variable=off",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "the only error is turned off");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "unused-binding");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["column"], 5);
    assert_eq!(lines[0]["fix"], "remove the binding");
    let bad = firn(&["check", "--set", "nonsense=off", dir.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn fix_rewrites_files_until_clean_and_is_idempotent() {
    let source = "{ pkgs, ... }:\nlet\n  unused = 1;\n  a = (pkgs.hello);\nin\n{\n  b = a == true;\n  c = x: pkgs.f x;\n}\n";
    let dir = scratch("fix", &[("f.nix", source)]);
    let file = dir.join("f.nix");
    let out = firn(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        "{ pkgs, ... }:\nlet\n  a = pkgs.hello;\nin\n{\n  b = a;\n  c = pkgs.f;\n}\n"
    );
    assert!(syntax::parse(&fixed).all_errors().is_empty());
    let again = firn(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        fixed,
        "a second --fix changes nothing"
    );
}

#[test]
fn corpus_has_no_false_errors() {
    let Some(corpus) = test_utils::reference_dir("FIRN_CORPUS", "firn check on the corpus") else {
        return;
    };
    let out = firn(&["check", "--json", corpus.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .collect();
    assert!(
        errors.is_empty(),
        "{} false errors, e.g. {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(out.status.code(), Some(0));
}

/// The README's first command: `firn check examples/` shows the examples' diagnostics and
/// succeeds (warnings only).
#[test]
fn the_readme_command_checks_the_examples() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let out = Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(["check", "examples/"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("firn runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[unused-formal]") && stderr.contains("examples/flake.nix:7:7"),
        "{stderr}"
    );
    assert!(std::path::Path::new(examples).join("home.nix").exists());
}
