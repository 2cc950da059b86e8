//! `let in e` is `e`; `inherit;` does nothing.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode, HasBindings};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    if let Some(let_in) = ast::LetIn::cast(node.clone()) {
        if let_in.bindings().next().is_none()
            && let Some(body) = let_in.body()
        {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::EmptyLet,
                    node.text_range(),
                    "a `let` with no bindings",
                )
                .with_fix(
                    "remove `let in`",
                    vec![TextEdit::replace(
                        node.text_range(),
                        body.syntax().to_string(),
                    )],
                ),
            );
        }
    } else if let Some(inherit) = ast::Inherit::cast(node.clone())
        && inherit.attrs().next().is_none()
        && node
            .last_token()
            .is_some_and(|t| t.kind() == syntax::SyntaxKind::SEMICOLON)
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::EmptyInherit,
                node.text_range(),
                "an `inherit` with no names",
            )
            .with_fix(
                "remove the `inherit`",
                vec![TextEdit::delete(with_following_whitespace(node))],
            ),
        );
    }
}

fn with_following_whitespace(node: &syntax::SyntaxNode) -> syntax::TextRange {
    match node
        .next_sibling_or_token()
        .filter(|e| e.kind() == syntax::SyntaxKind::WHITESPACE)
    {
        Some(ws) => node.text_range().cover(ws.text_range()),
        None => node.text_range(),
    }
}
