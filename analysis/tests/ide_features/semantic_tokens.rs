//! Semantic tokens: one line per token, `text tag modifiers`; with `$0`…`$1` markers only
//! the tokens touching that range.

use super::check_feature;
use analysis::ide::HighlightMods;

#[test]
fn semantic_tokens() {
    check_feature("semantic_tokens", |loaded| {
        let range = loaded.offset(1).and(loaded.marked_range());
        let tokens = loaded
            .analysis
            .semantic_tokens(loaded.files[0], range)
            .unwrap();
        let mut out = String::new();
        for t in tokens {
            let mut mods = String::new();
            for (bit, label) in [
                (HighlightMods::DEFINITION, " definition"),
                (HighlightMods::DEFAULT_LIBRARY, " builtin"),
                (HighlightMods::DOCUMENTATION, " documentation"),
                (HighlightMods::UNRESOLVED, " unresolved"),
            ] {
                if t.mods.contains(bit) {
                    mods.push_str(label);
                }
            }
            let text = &loaded.text()[t.range];
            out.push_str(&format!("{text:?} {:?}{mods}\n", t.tag));
        }
        out
    });
}
