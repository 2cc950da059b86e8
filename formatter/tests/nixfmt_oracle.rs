//! nixfmt itself as the oracle: every corpus file (`FIRN_CORPUS`) formatted by a nixfmt
//! binary (`FIRN_NIXFMT_BIN`, built by the user from NixOS/nixfmt; see README.md) and by
//! firn, under several option sets, must come out byte for byte the same. Skips visibly
//! unless both are set.

use formatter::Options;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// (nixfmt's flags, firn's options). Width 80 is what nixfmt's own suite uses; the odd
/// width with indent 4 moves every break decision.
fn configurations() -> Vec<(Vec<&'static str>, Options)> {
    vec![
        (
            vec!["--width=80"],
            Options {
                width: 80,
                ..Options::default()
            },
        ),
        (
            vec!["--strict"],
            Options {
                strict: true,
                ..Options::default()
            },
        ),
        (
            vec!["--indent=4", "--width=60"],
            Options {
                indent: 4,
                width: 60,
                ..Options::default()
            },
        ),
    ]
}

#[test]
fn corpus_formats_as_nixfmt_does() {
    let Some(corpus) = test_utils::reference_dir("FIRN_CORPUS", "corpus_formats_as_nixfmt_does")
    else {
        return;
    };
    let Some(nixfmt) =
        test_utils::reference_file("FIRN_NIXFMT_BIN", "corpus_formats_as_nixfmt_does")
    else {
        return;
    };
    let files = test_utils::nix_files(&corpus);
    let mut differ = Vec::new();
    let (mut compared, mut identical) = (0, 0);
    for (flags, options) in configurations() {
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let Some(expected) = run_nixfmt(&nixfmt, &flags, &text) else {
                differ.push(format!("{}: nixfmt {flags:?} failed", file.display()));
                continue;
            };
            compared += 1;
            match formatter::format(&text, &options) {
                Ok(out) if out == expected => identical += 1,
                Ok(_) => differ.push(format!("{}: differs with {flags:?}", file.display())),
                Err(e) => differ.push(format!("{}: {flags:?}: {e}", file.display())),
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "nixfmt oracle: {identical} of {compared} formattings identical"
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

fn run_nixfmt(nixfmt: &Path, flags: &[&str], text: &str) -> Option<String> {
    let mut child = Command::new(nixfmt)
        .args(flags)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}
