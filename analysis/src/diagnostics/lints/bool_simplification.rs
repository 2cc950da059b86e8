//! `!(a == b)` is `a != b`.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode, BinaryOp, UnaryOpKind};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(not) = ast::UnaryOp::cast(node.clone()) else {
        return;
    };
    if not.operator() != Some(UnaryOpKind::Not) {
        return;
    }
    let Some(ast::Expr::BinOp(eq)) = not.expr().map(ast::Expr::unparenthesized) else {
        return;
    };
    if eq.operator() != Some(BinaryOp::Equal) {
        return;
    }
    let (Some(lhs), Some(rhs)) = (eq.lhs(), eq.rhs()) else {
        return;
    };
    let replacement = format!("{} != {}", lhs.syntax(), rhs.syntax());
    out.push(
        Diagnostic::new(
            DiagnosticCode::BoolSimplification,
            node.text_range(),
            "`!(a == b)` can be `a != b`",
        )
        .with_fix(
            format!("replace with `{replacement}`"),
            vec![TextEdit::replace(node.text_range(), replacement)],
        ),
    );
}
