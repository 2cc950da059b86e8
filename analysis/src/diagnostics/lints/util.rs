//! Helpers shared by the lints.

use syntax::SyntaxNode;
use syntax::ast::{self, AstNode};

/// The name of an identifier expression.
pub(super) fn ident_name(expr: &ast::Expr) -> Option<String> {
    match expr {
        ast::Expr::Ident(i) => i.name(),
        _ => None,
    }
}

/// Whether an identifier named `name` occurs anywhere below `node`.
pub(super) fn mentions(node: &SyntaxNode, name: &str) -> bool {
    node.descendants()
        .filter_map(ast::Ident::cast)
        .any(|i| i.name().as_deref() == Some(name))
}

/// Expressions that never need parentheses around them as an operand.
pub(super) fn is_atom(expr: &ast::Expr) -> bool {
    matches!(
        expr,
        ast::Expr::Ident(_)
            | ast::Expr::Literal(_)
            | ast::Expr::Str(_)
            | ast::Expr::Path(_)
            | ast::Expr::Paren(_)
            | ast::Expr::List(_)
            | ast::Expr::AttrSet(_)
            | ast::Expr::Select(_)
    )
}

/// Text of an expression for use as an operand: parenthesised unless atomic.
pub(super) fn as_operand(expr: &ast::Expr) -> String {
    let text = expr.syntax().to_string();
    if is_atom(expr) {
        text
    } else {
        format!("({text})")
    }
}
