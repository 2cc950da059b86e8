//! `a.b = v;` ↔ `a = { b = v; };`: Nix merges both forms alike, so either may be written.

use super::Refactor;
use crate::TextEdit;
use syntax::SyntaxKind::*;
use syntax::SyntaxNode;
use syntax::ast::{self, AstNode, HasBindings};

fn binding_at(node: &SyntaxNode) -> Option<ast::AttrpathValue> {
    node.ancestors().find_map(ast::AttrpathValue::cast)
}

/// `a.b.c = v;` → `a = { b.c = v; };`
pub(super) fn nest(node: &SyntaxNode) -> Option<Refactor> {
    let binding = binding_at(node)?;
    let path = binding.attrpath()?;
    let attrs: Vec<ast::Attr> = path.attrs().collect();
    let (first, rest) = attrs.split_first()?;
    let (second, last) = (rest.first()?, rest.last()?);
    // The rest of the path keeps its text, dots and all.
    let rest_text = &path.syntax().to_string()[usize::from(
        second.syntax().text_range().start() - path.syntax().text_range().start(),
    )
        ..usize::from(last.syntax().text_range().end() - path.syntax().text_range().start())];
    let value = binding.value()?;
    let new_text = format!(
        "{} = {{ {rest_text} = {}; }};",
        first.syntax(),
        value.syntax()
    );
    Some(Refactor {
        title: format!("nest `{}` into a set", path.syntax()),
        edits: vec![TextEdit::replace(binding.syntax().text_range(), new_text)],
    })
}

/// `a = { b = v; };` (a plain set of one binding) → `a.b = v;`
pub(super) fn flatten(node: &SyntaxNode) -> Option<Refactor> {
    let binding = binding_at(node)?;
    let Some(ast::Expr::AttrSet(set)) = binding.value() else {
        return None;
    };
    let mut bindings = set.bindings();
    let (Some(ast::Binding::AttrpathValue(inner)), None) = (bindings.next(), bindings.next())
    else {
        return None;
    };
    // `rec` changes what names mean inside; comments would be lost.
    let has_comment = set
        .syntax()
        .descendants_with_tokens()
        .any(|t| matches!(t.kind(), COMMENT | DOC_COMMENT));
    if set.is_rec() || has_comment {
        return None;
    }
    let outer = binding.attrpath()?;
    let new_text = format!(
        "{}.{} = {};",
        outer.syntax(),
        inner.attrpath()?.syntax(),
        inner.value()?.syntax()
    );
    Some(Refactor {
        title: format!("flatten `{}` into a dotted path", outer.syntax()),
        edits: vec![TextEdit::replace(binding.syntax().text_range(), new_text)],
    })
}
