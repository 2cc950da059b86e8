//! `[ ] ++ x` and `x ++ [ ]` are `x`.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode, BinaryOp};

fn is_empty_list(expr: &ast::Expr) -> bool {
    matches!(expr, ast::Expr::List(list) if list.items().next().is_none())
}

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(op) = ast::BinOp::cast(node.clone()) else {
        return;
    };
    if op.operator() != Some(BinaryOp::Concat) {
        return;
    }
    let (Some(lhs), Some(rhs)) = (op.lhs(), op.rhs()) else {
        return;
    };
    // Delete the empty list and the operator, rather than rewrite the node with the other
    // operand's text: in a chain `[ ] ++ [ ] ++ …` that text is the rest of the chain, and
    // copying it for every link would be quadratic.
    let removed = if is_empty_list(&lhs) {
        syntax::TextRange::new(
            lhs.syntax().text_range().start(),
            rhs.syntax().text_range().start(),
        )
    } else if is_empty_list(&rhs) {
        syntax::TextRange::new(
            lhs.syntax().text_range().end(),
            rhs.syntax().text_range().end(),
        )
    } else {
        return;
    };
    out.push(
        Diagnostic::new(
            DiagnosticCode::EmptyListConcat,
            node.text_range(),
            "concatenating an empty list",
        )
        .with_fix(
            "remove the empty list",
            vec![TextEdit::replace(removed, String::new())],
        ),
    );
}
