//! Real code (`FIRN_CORPUS`: home-manager and nixpkgs' lib): every file formats and the
//! output verifies (same tree, comments kept, idempotent). Prints how many files are left
//! unchanged; that none changes is the CLI's acceptance test (`lsp/tests/cli_fmt.rs`).

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
