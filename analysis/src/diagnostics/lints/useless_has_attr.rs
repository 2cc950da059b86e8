//! `if x ? a then x.a else d` is `x.a or d`.

use super::util::as_operand;
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(if_else) = ast::IfElse::cast(node.clone()) else {
        return;
    };
    let (Some(ast::Expr::HasAttr(has)), Some(ast::Expr::Select(select)), Some(default)) = (
        if_else.condition(),
        if_else.then_body(),
        if_else.else_body(),
    ) else {
        return;
    };
    if select.default_expr().is_some() {
        return;
    }
    let text = |n: Option<&syntax::SyntaxNode>| n.map(|n| n.to_string());
    let same_set = text(has.expr().as_ref().map(|e| e.syntax()))
        == text(select.expr().as_ref().map(|e| e.syntax()));
    let same_path = text(has.attrpath().as_ref().map(|p| p.syntax()))
        == text(select.attrpath().as_ref().map(|p| p.syntax()));
    if !same_set || !same_path || has.expr().is_none() {
        return;
    }
    let default_text = as_operand(&default);
    let replacement = format!("{} or {default_text}", select.syntax());
    out.push(
        Diagnostic::new(
            DiagnosticCode::UselessHasAttr,
            node.text_range(),
            format!("this is `{replacement}`"),
        )
        .with_fix(
            format!("replace with `{replacement}`"),
            vec![TextEdit::replace(node.text_range(), replacement)],
        ),
    );
}
