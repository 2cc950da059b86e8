//! `firn parse` end to end: exit codes, diagnostics, `--json`, `--tree`, directories, stdin,
//! unreadable and non-UTF-8 files; and, with `FIRN_NIX_SRC` / `FIRN_CORPUS`, the issue's
//! acceptance runs over CppNix's suite and real code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn firn(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("firn runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or(b"")).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("firn finishes")
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("firn-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(&path, content).expect("write");
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn valid_file_exits_zero_silently() {
    let dir = scratch("valid");
    let file = write(&dir, "ok.nix", b"{ a = 1; b = a: a; }\n");
    let out = firn(&["parse", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn syntax_error_is_located_and_exits_one() {
    let dir = scratch("invalid");
    let file = write(&dir, "bad.nix", b"{\n  a = 1\n  b = 2;\n}\n");
    let out = firn(&["parse", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error: expected `;`"), "{stderr}");
    assert!(
        stderr.contains("bad.nix:2:8"),
        "no path:line:col in {stderr}"
    );
    assert!(stderr.contains("a = 1"), "no source snippet in {stderr}");
}

#[test]
fn semantic_parse_errors_count() {
    let out = firn(&["parse", "-"], Some(b"{ x = 1; x = 2; }"));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("attribute 'x' already defined"), "{stderr}");
    assert!(stderr.contains("first defined here"), "{stderr}");
}

#[test]
fn json_has_one_line_per_file() {
    let dir = scratch("json");
    write(&dir, "a.nix", b"1 +");
    write(&dir, "sub/b.nix", b"[ 1 2 ]");
    write(&dir, "notes.txt", b"not nix");
    let out = firn(&["parse", "--json", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let a = &lines[0];
    assert!(a["path"].as_str().unwrap().ends_with("a.nix"));
    let error = &a["errors"][0];
    assert_eq!(error["start"], 3);
    assert_eq!(error["end"], 3);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("expected an expression")
    );
    assert!(lines[1]["path"].as_str().unwrap().ends_with("b.nix"));
    assert_eq!(lines[1]["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn tree_prints_the_cst() {
    let out = firn(&["parse", "--tree", "-"], Some(b"a: a"));
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("ROOT@0..4\n"), "{stdout}");
    assert!(stdout.contains("LAMBDA@0..4") && stdout.contains("IDENT@3..4 \"a\""));
}

#[test]
fn bad_files_do_not_stop_the_run() {
    let dir = scratch("bad-files");
    let latin1 = write(&dir, "latin1.nix", b"\"caf\xe9\"");
    let good = write(&dir, "good.nix", b"1");
    let missing = dir.join("missing.nix");
    let out = firn(
        &[
            "parse",
            "--json",
            latin1.to_str().unwrap(),
            missing.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("not valid UTF-8 (first bad byte at 1:5"),
        "{stdout}"
    );
    assert!(stdout.contains("no such file or directory"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{{\"errors\":[],\"path\":\"{}\"}}",
            good.display()
        )),
        "{stdout}"
    );
}

#[test]
fn usage_error_is_not_a_parse_failure() {
    let out = firn(&["parse"], None);
    assert_eq!(out.status.code(), Some(2), "clap reports missing paths");
}

/// The acceptance: `firn parse` exits 0 on every valid file of CppNix's suite and 1
/// on every `parse-fail-*` file.
#[test]
fn cppnix_suite_exit_codes() {
    let Some(src) = test_utils::reference_dir("FIRN_NIX_SRC", "firn parse on CppNix's suite")
    else {
        return;
    };
    let lang = src.join("tests/functional/lang");
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(&lang).expect("lang dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".nix") {
            continue;
        }
        let expected = if name.starts_with("parse-fail-") {
            1
        } else if name.starts_with("parse-okay-") || name.starts_with("eval-okay-") {
            0
        } else {
            continue;
        };
        let out = firn(&["parse", path.to_str().unwrap()], None);
        if out.status.code() != Some(expected) {
            wrong.push(format!(
                "{name}: exit {:?}, expected {expected}",
                out.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn corpus_exits_zero() {
    let Some(corpus) = test_utils::reference_dir("FIRN_CORPUS", "firn parse on the corpus") else {
        return;
    };
    let out = firn(&["parse", corpus.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
