//! `firn fmt` end to end: in-place formatting, `--check`, stdin to stdout, options, refusal
//! of files with syntax errors (left untouched), and the corpus acceptance run.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs firn; `stdin` is a file fed to its standard input.
fn firn(args: &[&str], stdin: Option<&PathBuf>) -> Output {
    let input = match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).expect("stdin file")),
        None => Stdio::null(),
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_firn"));
    command.args(args).stdin(input).output().expect("firn runs")
}

fn dir_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("firn-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(path).expect("read")
}

const UGLY: &str = "{a=1;b=[1 2];}\n";
const PRETTY: &str = "{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n";

#[test]
fn formats_directories_in_place_and_check_lists_changes() {
    let dir = dir_with(
        "inplace",
        &[("a.nix", UGLY), ("sub/b.nix", PRETTY), ("skip.txt", UGLY)],
    );
    let d = dir.to_str().expect("utf-8 path");

    let check = firn(&["fmt", "--check", d], None);
    assert_eq!(check.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&check.stdout);
    assert!(
        listed.contains("a.nix") && !listed.contains("b.nix"),
        "{listed}"
    );
    assert_eq!(read(dir.join("a.nix")), UGLY, "--check must not write");

    let run = firn(&["fmt", "--verify", d], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(read(dir.join("a.nix")), PRETTY);
    assert_eq!(
        read(dir.join("skip.txt")),
        UGLY,
        "only *.nix files are formatted"
    );

    let again = firn(&["fmt", "--check", d], None);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}

#[test]
fn stdin_goes_to_stdout_with_options() {
    let dir = dir_with("stdin", &[("in.nix", "f { a = 1; }\n")]);
    let out = firn(
        &["fmt", "-w", "8", "--indent", "4", "-"],
        Some(&dir.join("in.nix")),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "f {\n    a = 1;\n}\n");
}

#[test]
fn strict_ignores_input_line_breaks() {
    let dir = dir_with("strict", &[("in.nix", "{ a }:\na\n")]);
    let loose = firn(&["fmt", "-"], Some(&dir.join("in.nix")));
    let strict = firn(&["fmt", "--strict", "-"], Some(&dir.join("in.nix")));
    assert_eq!(String::from_utf8_lossy(&loose.stdout), "{ a }:\na\n");
    assert_eq!(String::from_utf8_lossy(&strict.stdout), "{ a }: a\n");
}

#[test]
fn syntax_errors_are_reported_with_position_and_the_file_is_untouched() {
    let bad = "{ a = ; }\n";
    let dir = dir_with("bad", &[("bad.nix", bad), ("good.nix", UGLY)]);
    let out = firn(&["fmt", dir.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.nix:1:"), "{stderr}");
    assert_eq!(read(dir.join("bad.nix")), bad);
    assert_eq!(
        read(dir.join("good.nix")),
        PRETTY,
        "one bad file does not stop the run"
    );
}

#[test]
fn missing_paths_are_errors() {
    let out = firn(&["fmt", "/nonexistent/firn/x.nix"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/firn/x.nix"));
}

/// Corpus files that are not nixfmt-clean upstream (nixpkgs' lib left them in the old
/// style). Each was checked with nixfmt built from NixOS/nixfmt 8ecc356: `nixfmt --check`
/// over the whole corpus lists exactly these four, and `nixfmt -` prints for each the same
/// bytes as `firn fmt -` (old-style `/* */` comment blocks, `++` chains and
/// `let … in` on one line, reflowed by both).
const NOT_NIXFMT_CLEAN_UPSTREAM: &[&str] = &[
    "nixpkgs-lib/lib/deprecated.nix",
    "nixpkgs-lib/lib/systems/supported.nix",
    "nixpkgs-lib/lib/tests/flakes/subflakeTest/flake.nix",
    "nixpkgs-lib/lib/zip-int-bits.nix",
];

#[test]
fn corpus_check_lists_only_files_nixfmt_reformats() {
    let Some(corpus) = test_utils::reference_dir(
        "FIRN_CORPUS",
        "corpus_check_lists_only_files_nixfmt_reformats",
    ) else {
        return;
    };
    let out = firn(
        &["fmt", "--check", corpus.to_str().expect("utf-8 path")],
        None,
    );
    let listed = String::from_utf8_lossy(&out.stdout);
    let mut changed: Vec<String> = listed
        .lines()
        .map(|line| {
            let path = std::path::Path::new(line);
            let relative = path.strip_prefix(&corpus).unwrap_or(path);
            relative.to_string_lossy().into_owned()
        })
        .collect();
    changed.sort();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "firn fmt --check on the corpus: {} files would change ({} known not nixfmt-clean)",
        changed.len(),
        NOT_NIXFMT_CLEAN_UPSTREAM.len()
    );
    assert_eq!(
        changed, NOT_NIXFMT_CLEAN_UPSTREAM,
        "only the files nixfmt itself reformats may be listed"
    );
    let expected_code = if changed.is_empty() { 0 } else { 1 };
    assert_eq!(
        out.status.code(),
        Some(expected_code),
        "exit code of --check"
    );
}
