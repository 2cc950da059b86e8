//! Completion of attribute names, where the cursor is on one: after `x.` (or in `x.ab`),
//! after `inherit (x)`, and in a binding's path `a.b.` inside a set (the names already
//! bound there). The names come from `attr_sets.rs`.

use super::attr_sets::{Loc, Resolver};
use super::completion::{CompletionItem, CompletionKind};
use crate::db::{Db, SourceFile, Workspace, lower, parse};
use crate::hir::NodePtr;
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxNode, TextSize};

/// `None` when the cursor is not on an attribute name (complete variables instead).
pub(crate) fn attr_completions(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Option<Vec<CompletionItem>> {
    let root = parse(db, file).syntax();
    let token = root.token_at_offset(offset).left_biased()?;
    let (base, path) = select_context(&token, offset)
        .or_else(|| inherit_from_context(&token, offset))
        .or_else(|| binding_path_context(&token, offset))?;
    let (_, source_map) = lower(db, file);
    let Some(&expr) = source_map.node_to_expr.get(&NodePtr::new(&base)) else {
        return Some(Vec::new());
    };
    let Some(path) = path else {
        return Some(Vec::new()); // a dynamic name on the way: nothing known
    };
    if path.is_empty() && super::builtins_select::is_global_builtins(db, file, &base) {
        return Some(
            crate::builtin_docs::all_builtin_docs()
                .iter()
                .map(|d| CompletionItem {
                    label: d.name.to_string(),
                    kind: CompletionKind::Builtin,
                })
                .collect(),
        );
    }
    let attrs = Resolver::new(db, workspace).attrs_at_path(Loc { file, expr }, &path);
    // The name being typed is bound by the very binding it is typed in (`{ programs.gi| }`
    // binds `programs.gi`): it is not a suggestion.
    let typed = name_at(&token, offset);
    Some(
        attrs
            .into_iter()
            .filter(|a| typed.as_deref() != Some(a.name.as_str()))
            .map(|a| CompletionItem {
                label: a.name.to_string(),
                kind: CompletionKind::Attribute,
            })
            .collect(),
    )
}

/// The attribute name the cursor is at the end of or inside (`gi` in `programs.gi|`).
fn name_at(token: &syntax::SyntaxToken, offset: TextSize) -> Option<String> {
    let attrpath = token.parent_ancestors().find(|n| n.kind() == ATTRPATH)?;
    ast::Attrpath::cast(attrpath)?
        .attrs()
        .find(|a| a.syntax().text_range().contains_inclusive(offset))
        .and_then(|a| a.static_name())
}

/// The names of `attrs` that end before the one at `offset` (`None` if one is dynamic).
fn names_before(attrpath: &SyntaxNode, offset: TextSize) -> Option<Vec<String>> {
    ast::Attrpath::cast(attrpath.clone())?
        .attrs()
        .filter(|a| a.syntax().text_range().end() < offset)
        .map(|a| a.static_name())
        .collect()
}

type Context = (SyntaxNode, Option<Vec<String>>);

/// `x.` or `x.a.b` with the cursor in the attribute path.
fn select_context(token: &syntax::SyntaxToken, offset: TextSize) -> Option<Context> {
    let select = token.parent_ancestors().find(|n| n.kind() == SELECT)?;
    let attrpath = select.children().find(|c| c.kind() == ATTRPATH)?;
    let in_path = token.kind() == DOT && token.parent().as_ref() == Some(&select)
        || attrpath.text_range().contains_inclusive(offset)
            && token.text_range().start() >= attrpath.text_range().start();
    if !in_path {
        return None;
    }
    let base = select.first_child()?;
    Some((base, names_before(&attrpath, offset)))
}

/// `inherit (x) a |`
fn inherit_from_context(token: &syntax::SyntaxToken, offset: TextSize) -> Option<Context> {
    let inherit = token.parent_ancestors().find(|n| n.kind() == INHERIT)?;
    let from = ast::Inherit::cast(inherit)?.from()?;
    if offset < from.syntax().text_range().end() {
        return None;
    }
    Some((from.expr()?.syntax().clone(), Some(Vec::new())))
}

/// `{ a.b.| }`: the names bound under `a.b` in this set.
fn binding_path_context(token: &syntax::SyntaxToken, offset: TextSize) -> Option<Context> {
    let attrpath = token.parent_ancestors().find(|n| n.kind() == ATTRPATH)?;
    let binding = attrpath.parent().filter(|p| p.kind() == ATTRPATH_VALUE)?;
    let set = binding.parent().filter(|p| p.kind() == ATTR_SET)?;
    let path = names_before(&attrpath, offset);
    // The first name of a path is a new binding's name: nothing to complete from.
    if path.as_ref().is_some_and(|p| p.is_empty()) {
        return None;
    }
    Some((set, path))
}
