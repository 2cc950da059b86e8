//! `let a = …; in let b = …; in e` can be one `let`, when the outer bindings do not mention
//! a name the inner `let` defines (merging would capture it) and no name is defined twice.

use super::util::mentions;
use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::ast::{self, AstNode, HasBindings};
use syntax::{SyntaxKind, TextRange};

fn names(let_in: &ast::LetIn) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for binding in let_in.bindings() {
        match binding {
            ast::Binding::AttrpathValue(b) => match b.attrpath()?.attrs().next()? {
                ast::Attr::Ident(i) => out.push(i.name()?),
                _ => return None,
            },
            ast::Binding::Inherit(i) => {
                for attr in i.attrs() {
                    match attr {
                        ast::Attr::Ident(i) => out.push(i.name()?),
                        _ => return None,
                    }
                }
            }
        }
    }
    Some(out)
}

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(outer) = ast::LetIn::cast(node.clone()) else {
        return;
    };
    let Some(ast::Expr::LetIn(inner)) = outer.body() else {
        return;
    };
    let (Some(outer_names), Some(inner_names)) = (names(&outer), names(&inner)) else {
        return;
    };
    if inner_names.iter().any(|n| outer_names.contains(n)) {
        return;
    }
    let captures = outer
        .bindings()
        .any(|b| inner_names.iter().any(|n| mentions(b.syntax(), n)));
    if captures {
        return;
    }
    let token = |n: &syntax::SyntaxNode, kind| {
        n.children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == kind)
    };
    let (Some(outer_in), Some(inner_let)) = (
        token(node, SyntaxKind::IN_KW),
        token(inner.syntax(), SyntaxKind::LET_KW),
    ) else {
        return;
    };
    // Up to the first binding of the inner `let`, so no double space is left.
    let end = inner_let
        .next_token()
        .filter(|t| t.kind() == SyntaxKind::WHITESPACE)
        .map_or(inner_let.text_range().end(), |ws| ws.text_range().end());
    let range = TextRange::new(outer_in.text_range().start(), end);
    out.push(
        Diagnostic::new(
            DiagnosticCode::CollapsibleLetIn,
            outer_in.text_range(),
            "these two `let`s can be one",
        )
        .with_fix("merge the `let`s", vec![TextEdit::delete(range)]),
    );
}
