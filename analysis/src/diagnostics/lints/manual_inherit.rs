//! `a = a;` is `inherit a;` (in a plain set: in `rec` or `let` it is infinite recursion), and
//! `a = x.a;` is `inherit (x) a;`.

use super::util::ident_name;
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::SyntaxKind;
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(binding) = ast::AttrpathValue::cast(node.clone()) else {
        return;
    };
    let Some(attrpath) = binding.attrpath() else {
        return;
    };
    let attrs: Vec<ast::Attr> = attrpath.attrs().collect();
    let [ast::Attr::Ident(key)] = attrs.as_slice() else {
        return;
    };
    let Some(name) = key.name() else { return };
    let Some(value) = binding.value() else { return };
    if node
        .last_token()
        .is_none_or(|t| t.kind() != SyntaxKind::SEMICOLON)
    {
        return;
    }
    let plain_set = node
        .parent()
        .and_then(ast::AttrSet::cast)
        .is_some_and(|set| !set.is_rec());
    if plain_set && ident_name(&value).as_deref() == Some(name.as_str()) {
        let replacement = format!("inherit {name};");
        out.push(
            Diagnostic::new(
                DiagnosticCode::ManualInherit,
                node.text_range(),
                format!("`{name} = {name};` can be `{replacement}`"),
            )
            .with_fix(
                format!("replace with `{replacement}`"),
                vec![TextEdit::replace(node.text_range(), replacement)],
            ),
        );
        return;
    }
    let ast::Expr::Select(select) = value else {
        return;
    };
    if select.default_expr().is_some() {
        return;
    }
    let (Some(from), Some(path)) = (select.expr(), select.attrpath()) else {
        return;
    };
    let selected: Vec<ast::Attr> = path.attrs().collect();
    let [ast::Attr::Ident(last)] = selected.as_slice() else {
        return;
    };
    if last.name().as_deref() != Some(name.as_str()) || !matches!(from, ast::Expr::Ident(_)) {
        return;
    }
    let replacement = format!("inherit ({}) {name};", from.syntax());
    out.push(
        Diagnostic::new(
            DiagnosticCode::ManualInheritFrom,
            node.text_range(),
            format!("this binding can be `{replacement}`"),
        )
        .with_fix(
            format!("replace with `{replacement}`"),
            vec![TextEdit::replace(node.text_range(), replacement)],
        ),
    );
}
