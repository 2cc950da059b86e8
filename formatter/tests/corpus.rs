//! Real code (`FIRN_CORPUS`: home-manager and nixpkgs' lib): every file formats and the
//! output verifies (same tree, comments kept, idempotent). Prints how many files are left
//! unchanged; which may change (only the files nixfmt itself reformats) is the CLI's test
//! (`cli/tests/cli_fmt.rs`).

use formatter::{Options, format_verified};
use std::io::Write;

#[test]
fn corpus_formats_verified() {
    let Some(root) = test_utils::reference_dir("FIRN_CORPUS", "corpus_formats_verified") else {
        return;
    };
    let mut failures = Vec::new();
    let (mut total, mut unchanged) = (0, 0);
    for file in test_utils::nix_files(&root) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        total += 1;
        match format_verified(&text, &Options::default()) {
            Ok(out) => unchanged += usize::from(out == text),
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    let mut err = std::io::stderr();
    let verified = total - failures.len();
    let _ = writeln!(
        err,
        "corpus: {verified}/{total} verified, {unchanged}/{total} unchanged"
    );
    for f in &failures {
        let _ = writeln!(err, "  FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} corpus files failed to format",
        failures.len()
    );
}

/// In every corpus file that is already formatted, formatting the range of any of a sample
/// of nodes (every 97th) changes nothing.
#[test]
fn corpus_ranges_are_fixed_points() {
    let Some(root) = test_utils::reference_dir("FIRN_CORPUS", "corpus_ranges_are_fixed_points")
    else {
        return;
    };
    let options = Options::default();
    let (mut checked, mut failures) = (0, Vec::new());
    for file in test_utils::nix_files(&root) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if formatter::format(&text, &options).ok().as_deref() != Some(text.as_str()) {
            continue;
        }
        let nodes: Vec<_> = syntax::parse(&text)
            .syntax()
            .descendants()
            .step_by(97)
            .collect();
        for node in nodes {
            checked += 1;
            match formatter::format_range(&text, node.text_range(), &options) {
                Ok(edits) if edits.is_empty() => {}
                Ok(edits) => failures.push(format!(
                    "{}: {:?}: {edits:?}",
                    file.display(),
                    node.text_range()
                )),
                Err(e) => {
                    failures.push(format!("{}: {:?}: {e}", file.display(), node.text_range()))
                }
            }
        }
    }
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "corpus ranges: {}/{checked} unchanged",
        checked - failures.len()
    );
    for f in failures.iter().take(10) {
        let _ = writeln!(err, "  FAIL {f}");
    }
    assert!(failures.is_empty(), "{} ranges changed", failures.len());
}
