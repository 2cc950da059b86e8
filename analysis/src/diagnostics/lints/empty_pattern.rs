//! `{ ... }: e` is `_: e`, and `{ ... }@x: e` (or `x@{ ... }: e`) is `x: e`.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(pattern) = ast::Pattern::cast(node.clone()) else {
        return;
    };
    if pattern.pat_entries().next().is_some() || pattern.ellipsis_token().is_none() {
        return;
    }
    let range = node.text_range();
    match pattern.pat_bind().and_then(|b| b.ident_token()) {
        None => out.push(
            Diagnostic::new(
                DiagnosticCode::EmptyPattern,
                range,
                "a pattern that matches anything: use `_`",
            )
            .with_fix("replace with `_`", vec![TextEdit::replace(range, "_")]),
        ),
        Some(name) => out.push(
            Diagnostic::new(
                DiagnosticCode::RedundantPatternBind,
                range,
                format!("the pattern only binds `{}`", name.text()),
            )
            .with_fix(
                format!("replace with `{}`", name.text()),
                vec![TextEdit::replace(range, name.text())],
            ),
        ),
    }
}
