//! Parentheses that change nothing: around an atom, or around a whole binding value, `let`
//! body or file.

use super::util::is_atom;
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::SyntaxKind;
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(paren) = ast::Paren::cast(node.clone()) else {
        return;
    };
    let Some(inner) = paren.expr() else { return };
    if node
        .last_token()
        .is_none_or(|t| t.kind() != SyntaxKind::R_PAREN)
    {
        return;
    }
    // A select is an atom as an operand, but `(a.b or c)` is not one where `or` could bind.
    let atom = is_atom(&inner) && !matches!(inner, ast::Expr::Select(_));
    let whole = node.parent().is_some_and(|p| match p.kind() {
        SyntaxKind::ROOT => true,
        SyntaxKind::ATTRPATH_VALUE => ast::AttrpathValue::cast(p)
            .and_then(|b| b.value())
            .is_some_and(|v| v.syntax() == node),
        SyntaxKind::LET_IN => ast::LetIn::cast(p)
            .and_then(|l| l.body())
            .is_some_and(|b| b.syntax() == node),
        _ => false,
    });
    if !(atom || whole) {
        return;
    }
    // A comment beside the parentheses would be lost with them.
    if node
        .children_with_tokens()
        .any(|e| e.kind().is_trivia() && e.kind() != SyntaxKind::WHITESPACE)
    {
        return;
    }
    let inner_text = inner.syntax().to_string();
    out.push(
        Diagnostic::new(
            DiagnosticCode::UselessParens,
            node.text_range(),
            "these parentheses change nothing",
        )
        .with_fix(
            "remove the parentheses",
            vec![TextEdit::replace(node.text_range(), inner_text)],
        ),
    );
}
