//! Selection ranges ("expand selection"): from the token at a position out through every
//! syntax node around it, each range strictly larger than the one before.

use crate::db::{Db, SourceFile, parse};
use syntax::{TextRange, TextSize};

/// For each offset, the ranges around it, innermost first.
pub fn selection_ranges(
    db: &dyn Db,
    file: SourceFile,
    offsets: &[TextSize],
) -> Vec<Vec<TextRange>> {
    let root = parse(db, file).syntax();
    offsets
        .iter()
        .map(|&offset| {
            let offset = offset.min(root.text_range().end());
            // Prefer a token that is not whitespace: after a name, the name.
            let token = match root.token_at_offset(offset) {
                rowan::TokenAtOffset::None => return vec![root.text_range()],
                rowan::TokenAtOffset::Single(t) => t,
                rowan::TokenAtOffset::Between(left, right) => {
                    if right.kind().is_trivia() && !left.kind().is_trivia() {
                        left
                    } else {
                        right
                    }
                }
            };
            let mut ranges: Vec<TextRange> = Vec::new();
            let mut push = |r: TextRange| {
                if ranges.last().is_none_or(|last| last.len() < r.len()) {
                    ranges.push(r);
                }
            };
            if token.kind() != syntax::SyntaxKind::WHITESPACE {
                push(token.text_range());
            }
            for node in token.parent_ancestors() {
                push(node.text_range());
            }
            ranges
        })
        .collect()
}
