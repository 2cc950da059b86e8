//! `x == true` is `x`; `x == false` is `!x` (and likewise `!=`).

use super::util::{as_operand, ident_name};
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode, BinaryOp};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(op) = ast::BinOp::cast(node.clone()) else {
        return;
    };
    let negated = match op.operator() {
        Some(BinaryOp::Equal) => false,
        Some(BinaryOp::NotEqual) => true,
        _ => return,
    };
    let (Some(lhs), Some(rhs)) = (op.lhs(), op.rhs()) else {
        return;
    };
    let (other, literal) = match (
        ident_name(&lhs.clone().unparenthesized()),
        ident_name(&rhs.clone().unparenthesized()),
    ) {
        (_, Some(b)) if b == "true" || b == "false" => (lhs, b),
        (Some(b), _) if b == "true" || b == "false" => (rhs, b),
        _ => return,
    };
    let keep = (literal == "true") != negated;
    let replacement = if keep {
        other.syntax().to_string()
    } else {
        format!("!{}", as_operand(&other))
    };
    out.push(
        Diagnostic::new(
            DiagnosticCode::BoolComparison,
            node.text_range(),
            format!("comparison with `{literal}`"),
        )
        .with_fix(
            format!("replace with `{replacement}`"),
            vec![TextEdit::replace(node.text_range(), replacement)],
        ),
    );
}
