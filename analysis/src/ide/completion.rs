//! Completion of variable names: everything in scope at the cursor (`let`, `rec`, lambda
//! parameters and formals, innermost first) and the builtins.

use super::attr_completion::attr_completions;
use super::attr_sets::{Loc, Resolver};
use crate::db::{Db, SourceFile, Workspace, lower, parse};
use crate::hir::NodePtr;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Variable,
    Parameter,
    Builtin,
    /// An attribute of a set (after `x.`, or a name a `with` brings in).
    Attribute,
}

pub fn completions(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Vec<CompletionItem> {
    if let Some(items) = attr_completions(db, workspace, file, offset) {
        return items;
    }
    let root = parse(db, file).syntax();
    // Names enclosing `with`s bring in, when the analyzer can see their sets.
    let mut with_names = Vec::new();
    let mut items: Vec<CompletionItem> = Vec::new();
    let push = |items: &mut Vec<CompletionItem>, label: String, kind| {
        if !label.is_empty() && !items.iter().any(|i| i.label == label) {
            items.push(CompletionItem { label, kind });
        }
    };
    let token = root
        .token_at_offset(offset)
        .left_biased()
        .or_else(|| root.last_token());
    let Some(start) = token.and_then(|t| t.parent()) else {
        return items;
    };
    for node in start.ancestors() {
        match node.kind() {
            SyntaxKind::LET_IN | SyntaxKind::LEGACY_LET | SyntaxKind::ATTR_SET => {
                let rec = match ast::AttrSet::cast(node.clone()) {
                    Some(set) => set.is_rec(),
                    None => true,
                };
                if !rec {
                    continue;
                }
                let bindings = ast::bindings_of(&node);
                for binding in bindings {
                    match binding {
                        ast::Binding::AttrpathValue(b) => {
                            if let Some(ast::Attr::Ident(i)) =
                                b.attrpath().and_then(|p| p.attrs().next())
                            {
                                push(
                                    &mut items,
                                    i.name().unwrap_or_default(),
                                    CompletionKind::Variable,
                                );
                            }
                        }
                        ast::Binding::Inherit(i) => {
                            for attr in i.attrs() {
                                if let ast::Attr::Ident(i) = attr {
                                    push(
                                        &mut items,
                                        i.name().unwrap_or_default(),
                                        CompletionKind::Variable,
                                    );
                                }
                            }
                        }
                    }
                }
            }
            SyntaxKind::LAMBDA => {
                let Some(param) = ast::Lambda::cast(node.clone()).and_then(|l| l.param()) else {
                    continue;
                };
                match param {
                    ast::Param::IdentParam(p) => {
                        if let Some(t) = p.ident_token() {
                            push(&mut items, t.text().to_string(), CompletionKind::Parameter);
                        }
                    }
                    ast::Param::Pattern(p) => {
                        for entry in p.pat_entries() {
                            if let Some(t) = entry.ident_token() {
                                push(&mut items, t.text().to_string(), CompletionKind::Parameter);
                            }
                        }
                        if let Some(t) = p.pat_bind().and_then(|b| b.ident_token()) {
                            push(&mut items, t.text().to_string(), CompletionKind::Parameter);
                        }
                    }
                }
            }
            SyntaxKind::WITH => {
                let Some(namespace) = ast::With::cast(node.clone()).and_then(|w| w.namespace())
                else {
                    continue;
                };
                if namespace.syntax().text_range().contains_inclusive(offset) {
                    continue;
                }
                let (_, source_map) = lower(db, file);
                if let Some(&expr) = source_map
                    .node_to_expr
                    .get(&NodePtr::new(namespace.syntax()))
                {
                    let attrs = Resolver::new(db, workspace).attrs(Loc { file, expr });
                    with_names.extend(attrs.into_iter().map(|a| a.name));
                }
            }
            _ => {}
        }
    }
    // Builtins come before `with` names: Nix looks them up first.
    for name in syntax::GLOBAL_NAMES {
        if !name.starts_with("__") {
            push(&mut items, name.to_string(), CompletionKind::Builtin);
        }
    }
    for name in with_names {
        push(&mut items, name, CompletionKind::Attribute);
    }
    items
}
