//! Real code (`FIRN_CORPUS`: home-manager and nixpkgs' lib, both formatted with nixfmt at
//! width 100): formatting must change no file, and every output must verify.

use formatter::{Options, format_verified};
use std::io::Write;

#[test]
fn corpus_is_already_formatted() {
    let Some(root) = test_utils::reference_dir("FIRN_CORPUS", "corpus_is_already_formatted") else {
        return;
    };
    let mut err = std::io::stderr();
    let mut failures = Vec::new();
    let mut total = 0;
    for file in test_utils::nix_files(&root) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        total += 1;
        match format_verified(&text, &Options::default()) {
            Ok(out) if out == text => {}
            Ok(out) => {
                let line = text.lines().zip(out.lines()).position(|(a, b)| a != b);
                failures.push(format!(
                    "{}: would change (line {})",
                    file.display(),
                    line.map_or(0, |l| l + 1)
                ));
            }
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    let _ = writeln!(
        err,
        "corpus: {}/{} files unchanged",
        total - failures.len(),
        total
    );
    for f in failures.iter().take(40) {
        let _ = writeln!(err, "  FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} corpus files would change",
        failures.len()
    );
}
