//! Refactors at `$0`: each one offered, with the text after it; the result must parse.

use super::check_feature;
use analysis::diagnostics::apply_edits;

#[test]
fn refactors() {
    check_feature("refactors", |loaded| {
        let range = loaded.marked_range().expect("a $0 marker");
        let mut out = String::new();
        for refactor in loaded.analysis.refactors(loaded.files[0], range).unwrap() {
            let after = apply_edits(loaded.text(), &refactor.edits).0;
            assert!(
                syntax::parse(&after).errors().is_empty(),
                "{} breaks the syntax:\n{after}",
                refactor.title
            );
            out.push_str(&format!("== {}\n{after}", refactor.title));
        }
        if out.is_empty() {
            out.push_str("no refactor\n");
        }
        out
    });
}
