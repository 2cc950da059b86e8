//! The typed AST: thin wrappers over CST nodes with accessors, in rust-analyzer's style.
//! Accessors return `Option` because the tree of a file with errors may lack any piece.

mod nodes;
mod operators;
mod strings;

pub use nodes::*;
pub use operators::{BinaryOp, UnaryOpKind};
pub use strings::{InterpolPart, StrPart, push_escaped_string_text};

use crate::{SyntaxKind, SyntaxNode, SyntaxToken};

/// A typed view of a CST node.
pub trait AstNode: Sized {
    fn can_cast(kind: SyntaxKind) -> bool;
    fn cast(node: SyntaxNode) -> Option<Self>;
    fn syntax(&self) -> &SyntaxNode;
}

/// First child node of type `N`.
fn child<N: AstNode>(parent: &SyntaxNode) -> Option<N> {
    parent.children().find_map(N::cast)
}

fn children<N: AstNode>(parent: &SyntaxNode) -> impl Iterator<Item = N> {
    parent.children().filter_map(N::cast)
}

/// First direct token of `kind`.
fn token(parent: &SyntaxNode, kind: SyntaxKind) -> Option<SyntaxToken> {
    parent
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == kind)
}

/// The first child of type `N` in the `segment`-th stretch of children, where stretches are
/// separated by direct tokens of the `separators` kinds. `if c then a else b` has the
/// segments `[]`, `[c]`, `[a]`, `[b]` for the separators `if`, `then`, `else`. Missing pieces
/// thus never shift the others.
fn child_in_segment<N: AstNode>(
    parent: &SyntaxNode,
    separators: impl Fn(SyntaxKind) -> bool,
    segment: usize,
) -> Option<N> {
    let mut current = 0;
    for element in parent.children_with_tokens() {
        match element {
            rowan::NodeOrToken::Token(t) if separators(t.kind()) => {
                current += 1;
                if current > segment {
                    return None;
                }
            }
            rowan::NodeOrToken::Node(n) if current == segment => {
                if let Some(n) = N::cast(n) {
                    return Some(n);
                }
            }
            _ => {}
        }
    }
    None
}
