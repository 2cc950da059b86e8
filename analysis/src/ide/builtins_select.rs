//! `builtins.name`: the set of every builtin is known statically, so its attribute names
//! complete and hover like the global builtins do, when `builtins` is the global one (not a
//! binding that shadows it).

use crate::db::{Db, SourceFile, lower, name_resolution};
use crate::hir::NodePtr;
use crate::name_res::ResolveResult;
use syntax::SyntaxKind::*;
use syntax::{SyntaxNode, SyntaxToken};

/// Whether `base` (the expression before a `.`) is the global `builtins`.
pub(crate) fn is_global_builtins(db: &dyn Db, file: SourceFile, base: &SyntaxNode) -> bool {
    let (_, source_map) = lower(db, file);
    let Some(expr) = source_map.node_to_expr.get(&NodePtr::new(base)) else {
        return false;
    };
    matches!(
        name_resolution(db, file).get(*expr),
        Some(ResolveResult::Builtin(name)) if name == "builtins"
    )
}

/// The builtin named by `token` when it is the first attribute of a selection from the
/// global `builtins` (`map` in `builtins.map`).
pub(crate) fn builtin_selected(
    db: &dyn Db,
    file: SourceFile,
    token: &SyntaxToken,
) -> Option<String> {
    if token.kind() != IDENT {
        return None;
    }
    let ident = token.parent().filter(|n| n.kind() == IDENT_NODE)?;
    let attrpath = ident.parent().filter(|n| n.kind() == ATTRPATH)?;
    if attrpath.first_child().as_ref() != Some(&ident) {
        return None;
    }
    let select = attrpath.parent().filter(|n| n.kind() == SELECT)?;
    let base = select.first_child()?;
    is_global_builtins(db, file, &base).then(|| token.text().to_string())
}
