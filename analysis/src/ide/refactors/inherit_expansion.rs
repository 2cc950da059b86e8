//! `inherit a b;` → `a = a; b = b;` and `inherit (s) a;` → `a = s.a;`.
//!
//! The plain form is expanded only in a non-`rec` set: in a `let` or `rec` set, `a = a;`
//! would refer to itself. The reverse rewrites are the analyzer's `manual-inherit` and
//! `manual-inherit-from` fixes, offered with their diagnostics.

use super::Refactor;
use crate::TextEdit;
use syntax::SyntaxKind::*;
use syntax::SyntaxNode;
use syntax::ast::{self, AstNode};

pub(super) fn expand(node: &SyntaxNode) -> Option<Refactor> {
    let inherit = node.ancestors().find_map(ast::Inherit::cast)?;
    let names: Vec<String> = inherit
        .attrs()
        .map(|a| match a {
            ast::Attr::Ident(i) => i.name(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if names.is_empty() {
        return None;
    }
    let from = inherit.from().and_then(|f| f.expr());
    let owner = inherit.syntax().parent()?;
    let plain_set = ast::AttrSet::cast(owner.clone()).is_some_and(|s| !s.is_rec());
    if from.is_none() && !plain_set {
        return None;
    }
    let source = match &from {
        // `inherit (f x) a;` reads `(f x).a`.
        Some(e)
            if !matches!(
                e,
                ast::Expr::Ident(_) | ast::Expr::Select(_) | ast::Expr::Paren(_)
            ) =>
        {
            format!("({})", e.syntax())
        }
        Some(e) => format!("{}", e.syntax()),
        None => String::new(),
    };
    let bindings: Vec<String> = names
        .iter()
        .map(|n| match &from {
            Some(_) => format!("{n} = {source}.{n};"),
            None => format!("{n} = {n};"),
        })
        .collect();
    let has_comment = inherit
        .syntax()
        .descendants_with_tokens()
        .any(|t| matches!(t.kind(), COMMENT | DOC_COMMENT));
    if has_comment {
        return None;
    }
    Some(Refactor {
        title: "expand `inherit` into bindings".to_string(),
        edits: vec![TextEdit::replace(
            inherit.syntax().text_range(),
            bindings.join(" "),
        )],
    })
}
