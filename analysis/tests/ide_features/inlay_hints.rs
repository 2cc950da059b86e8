//! Inlay hints: the file with each hint written in at its place as `⟨label⟩`, for the
//! whole file or the range `$0`…`$1`.

use super::check_feature;

#[test]
fn inlay_hints() {
    check_feature("inlay_hints", |loaded| {
        let text = loaded.text();
        let range = loaded
            .offset(1)
            .and(loaded.marked_range())
            .unwrap_or(syntax::TextRange::up_to(syntax::TextSize::of(text)));
        let hints = loaded.analysis.inlay_hints(loaded.files[0], range).unwrap();
        let mut out = text.to_string();
        for hint in hints.iter().rev() {
            let at = usize::from(hint.offset);
            out.insert_str(at, &format!("⟨{}⟩", hint.label));
        }
        out
    });
}
