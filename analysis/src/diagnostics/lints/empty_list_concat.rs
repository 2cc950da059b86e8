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
    let other = if is_empty_list(&lhs) {
        rhs
    } else if is_empty_list(&rhs) {
        lhs
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
            vec![TextEdit::replace(
                node.text_range(),
                other.syntax().to_string(),
            )],
        ),
    );
}
