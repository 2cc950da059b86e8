//! `x: f x` is `f` when `f` does not mention `x`.

use super::util::{ident_name, mentions};
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(lambda) = ast::Lambda::cast(node.clone()) else {
        return;
    };
    let Some(ast::Param::IdentParam(param)) = lambda.param() else {
        return;
    };
    let Some(name) = param.ident_token().map(|t| t.text().to_string()) else {
        return;
    };
    let Some(ast::Expr::Apply(apply)) = lambda.body() else {
        return;
    };
    let (Some(function), Some(argument)) = (apply.lambda(), apply.argument()) else {
        return;
    };
    if ident_name(&argument).as_deref() != Some(name.as_str()) || mentions(function.syntax(), &name)
    {
        return;
    }
    // Only plain functions: `x: f.g x` keeps `f.g` lazy either way, but `x: (a b) x`
    // would evaluate `a b` at a different time.
    if !matches!(function, ast::Expr::Ident(_) | ast::Expr::Select(_)) {
        return;
    }
    let replacement = function.syntax().to_string();
    out.push(
        Diagnostic::new(
            DiagnosticCode::EtaReduction,
            node.text_range(),
            format!("this lambda is `{replacement}`"),
        )
        .with_fix(
            format!("replace with `{replacement}`"),
            vec![TextEdit::replace(node.text_range(), replacement)],
        ),
    );
}
