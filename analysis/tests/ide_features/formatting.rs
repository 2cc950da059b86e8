//! Formatting: with `$0`…`$1` markers only that range is formatted; the expectation is the
//! text after the edits, or the refusal.

use super::check_feature;
use analysis::FormatOptions;
use analysis::diagnostics::apply_edits;

#[test]
fn formatting() {
    check_feature("formatting", |loaded| {
        let file = loaded.files[0];
        let options = FormatOptions::default();
        let result = match loaded.marked_range() {
            Some(range) => loaded.analysis.format_range(file, range, &options),
            None => loaded.analysis.format(file, &options),
        };
        match result.unwrap() {
            Ok(edits) => apply_edits(loaded.text(), &edits).0,
            Err(refusal) => format!("refused: {refusal:?}\n"),
        }
    });
}
