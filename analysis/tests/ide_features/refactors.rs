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

/// `"…"` ↔ `''…''` at `$0`: the rewritten file parses, the string's value is unchanged,
/// and rewriting back gives the same value again.
#[test]
fn string_kind() {
    check_feature("string_kind", |loaded| {
        let at = loaded.marked_range().expect("a $0 marker");
        let text = loaded.text();
        let refactors = loaded.analysis.refactors(loaded.files[0], at).unwrap();
        let Some(toggle) = refactors.iter().find(|r| r.title.contains("string")) else {
            return "no refactor\n".to_string();
        };
        let after = apply_edits(text, &toggle.edits).0;
        assert!(syntax::parse(&after).errors().is_empty(), "{after}");
        let at_after =
            syntax::TextRange::empty(toggle.edits[0].range.start() + syntax::TextSize::from(1));
        assert_eq!(
            string_value(text, at),
            string_value(&after, at_after),
            "{after}"
        );
        // And back.
        let mut host = analysis::AnalysisHost::default();
        let file = host.set_file_text(std::path::Path::new("/ws/back.nix"), after.clone());
        let back = host.analysis().refactors(file, at_after).unwrap();
        let back = back
            .iter()
            .find(|r| r.title.contains("string"))
            .expect("the way back");
        let again = apply_edits(&after, &back.edits).0;
        assert_eq!(
            string_value(text, at),
            string_value(&again, at_after),
            "{again}"
        );
        format!("== {}\n{after}", toggle.title)
    });
}

/// The value of the innermost string at `at`: literal text, interpolations as their text.
fn string_value(text: &str, at: syntax::TextRange) -> Vec<String> {
    use syntax::ast::{AstNode, InterpolPart};
    let root = syntax::parse(text).syntax();
    let token = root.token_at_offset(at.start()).right_biased().unwrap();
    let string = token
        .parent_ancestors()
        .find_map(syntax::ast::Str::cast)
        .expect("a string at the marker");
    string
        .normalized_parts()
        .iter()
        .map(|p| match p {
            InterpolPart::Literal(t) => format!("{t:?}"),
            InterpolPart::Interpolation(i) => format!("${{{}}}", i.expr().unwrap().syntax()),
        })
        .collect()
}
