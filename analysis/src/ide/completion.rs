//! Completion of variable names: everything in scope at the cursor (`let`, `rec`, lambda
//! parameters and formals, innermost first) and the builtins.

use super::attr_completion::attr_completions;
use super::attr_sets::{Loc, Resolver};
use crate::db::{Db, SourceFile, Workspace, lower, parse};
use crate::hir::NodePtr;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, SyntaxNode, TextSize};

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
    /// A keyword that can come at the cursor.
    Keyword,
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
        for (name, kind) in scope_names(&node) {
            push(&mut items, name, kind);
        }
        if node.kind() != SyntaxKind::WITH {
            continue;
        }
        let Some(namespace) = ast::With::cast(node.clone()).and_then(|w| w.namespace()) else {
            continue;
        };
        if namespace.syntax().text_range().contains_inclusive(offset)
            || unseen_namespace(&namespace)
        {
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
    // Builtins come before `with` names: Nix looks them up first.
    for name in syntax::GLOBAL_NAMES {
        if !name.starts_with("__") {
            push(&mut items, name.to_string(), CompletionKind::Builtin);
        }
    }
    for name in with_names {
        push(&mut items, name.to_string(), CompletionKind::Attribute);
    }
    for keyword in keywords_at(&start) {
        push(&mut items, keyword.to_string(), CompletionKind::Keyword);
    }
    items
}

/// The keywords that fit at the cursor: `inherit` where a binding starts, the expression
/// keywords elsewhere, and the `then`, `else` or `in` an enclosing `if` or `let` lacks.
fn keywords_at(start: &SyntaxNode) -> Vec<&'static str> {
    use SyntaxKind::*;
    let in_binding_name = matches!(start.kind(), ATTR_SET | LET_IN)
        || start.parent().is_some_and(|p| {
            p.kind() == ATTRPATH
                && p.first_child().as_ref() == Some(start)
                && p.parent().is_some_and(|b| b.kind() == ATTRPATH_VALUE)
        });
    let mut out = if in_binding_name {
        vec!["inherit"]
    } else {
        vec!["if", "let", "with", "assert", "rec"]
    };
    let lacks = |node: &SyntaxNode, kind| !node.children_with_tokens().any(|c| c.kind() == kind);
    for node in start.ancestors() {
        match node.kind() {
            IF_ELSE if lacks(&node, THEN_KW) => out.push("then"),
            IF_ELSE if lacks(&node, ELSE_KW) => out.push("else"),
            LET_IN if lacks(&node, IN_KW) => out.push("in"),
            IF_ELSE | LET_IN => {}
            _ => continue,
        }
        break;
    }
    out
}

/// The names a `let`, `rec` set or function binds, with their kind.
fn scope_names(node: &SyntaxNode) -> Vec<(String, CompletionKind)> {
    let mut names = Vec::new();
    match node.kind() {
        SyntaxKind::LET_IN | SyntaxKind::LEGACY_LET | SyntaxKind::ATTR_SET => {
            if ast::AttrSet::cast(node.clone()).is_some_and(|set| !set.is_rec()) {
                return names;
            }
            for binding in ast::bindings_of(node) {
                let idents: Vec<ast::Attr> = match binding {
                    ast::Binding::AttrpathValue(b) => b
                        .attrpath()
                        .and_then(|p| p.attrs().next())
                        .into_iter()
                        .collect(),
                    ast::Binding::Inherit(i) => i.attrs().collect(),
                };
                for attr in idents {
                    if let ast::Attr::Ident(i) = attr {
                        names.push((i.name().unwrap_or_default(), CompletionKind::Variable));
                    }
                }
            }
        }
        SyntaxKind::LAMBDA => {
            let param = ast::Lambda::cast(node.clone()).and_then(|l| l.param());
            let tokens: Vec<syntax::SyntaxToken> = match param {
                Some(ast::Param::IdentParam(p)) => p.ident_token().into_iter().collect(),
                Some(ast::Param::Pattern(p)) => p
                    .pat_entries()
                    .filter_map(|e| e.ident_token())
                    .chain(p.pat_bind().and_then(|b| b.ident_token()))
                    .collect(),
                None => Vec::new(),
            };
            names.extend(
                tokens
                    .into_iter()
                    .map(|t| (t.text().to_string(), CompletionKind::Parameter)),
            );
        }
        _ => {}
    }
    names
}

/// Whether `with x;`'s set is one the analyzer cannot see, known from the syntax alone: a
/// function's argument (`with pkgs;` in a package set, `with lib;` in a module) or a name
/// the file does not bind. Spares lowering a large file on every completion.
fn unseen_namespace(namespace: &ast::Expr) -> bool {
    let ast::Expr::Ident(ident) = namespace else {
        return false;
    };
    let Some(name) = ident.name() else {
        return true;
    };
    for node in namespace.syntax().ancestors() {
        if let Some((_, kind)) = scope_names(&node).into_iter().find(|(n, _)| *n == name) {
            return kind == CompletionKind::Parameter;
        }
    }
    true
}
