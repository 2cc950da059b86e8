//! The readable tree dump used by the data-driven tests and `firn parse --tree`.

use crate::{SyntaxNode, WalkEvent};
use std::fmt::Write;

/// One line per node or token: `KIND@start..end`, tokens with their text, indented by depth.
pub(crate) fn dump(root: &SyntaxNode) -> String {
    let mut out = String::new();
    let mut indent = 0;
    for event in root.preorder_with_tokens() {
        match event {
            WalkEvent::Enter(element) => {
                let range = element.text_range();
                let _ = write!(
                    out,
                    "{:indent$}{:?}@{}..{}",
                    "",
                    element.kind(),
                    u32::from(range.start()),
                    u32::from(range.end()),
                    indent = indent
                );
                if let Some(token) = element.as_token() {
                    let _ = write!(out, " {:?}", token.text());
                }
                out.push('\n');
                indent += 2;
            }
            WalkEvent::Leave(_) => indent -= 2,
        }
    }
    out
}
