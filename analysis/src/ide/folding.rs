//! Folding ranges: multi-line sets, lists, `let`s, lambdas' bodies, strings and comments.

use crate::db::{Db, SourceFile, parse};
use syntax::{SyntaxKind, TextRange};

pub fn folding_ranges(db: &dyn Db, file: SourceFile) -> Vec<TextRange> {
    let root = parse(db, file).syntax();
    let text = root.to_string();
    let multi_line = |r: TextRange| text[r].contains('\n');
    let mut out = Vec::new();
    for element in root.descendants_with_tokens() {
        let foldable = matches!(
            element.kind(),
            SyntaxKind::ATTR_SET
                | SyntaxKind::LIST
                | SyntaxKind::LET_IN
                | SyntaxKind::LEGACY_LET
                | SyntaxKind::STRING
                | SyntaxKind::PAREN
                | SyntaxKind::COMMENT
                | SyntaxKind::DOC_COMMENT
        );
        if foldable && multi_line(element.text_range()) {
            out.push(element.text_range());
        }
    }
    out
}
