//! Go to definition: a variable to its binding; an attribute in a selection (`lib.foo`,
//! `x.a.b`) to the binding that defines it in the set the analyzer finds, in this file or
//! another; an import path to the imported file.

use super::attr_sets::{Loc, Resolver};
use super::{NameAt, name_at, node_at};
use crate::db::{Db, SourceFile, Workspace, file_imports, lower, name_resolution, parse};
use crate::hir::NodePtr;
use crate::name_res::ResolveResult;
use std::path::PathBuf;
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub path: PathBuf,
    /// The whole definition, or an empty range at the start of a file.
    pub range: TextRange,
}

pub fn goto_definition(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Vec<NavigationTarget> {
    let path = file.path(db).clone();
    if let Some(targets) = selected_attribute(db, workspace, file, offset) {
        return targets;
    }
    // An import path: the file it names.
    if let Some(node) = node_at(db, file, offset) {
        let range = node.text_range();
        if let Some(import) = file_imports(db, file)
            .iter()
            .find(|i| i.range.contains_range(range) || range.contains_range(i.range))
        {
            return vec![NavigationTarget {
                path: import.target.clone(),
                range: TextRange::empty(0.into()),
            }];
        }
    }
    let (_, source_map) = lower(db, file);
    match name_at(db, file, offset) {
        Some(NameAt::Reference(expr)) => match name_resolution(db, file).get(expr) {
            Some(ResolveResult::Definition(name)) => source_map
                .name_nodes(*name)
                .iter()
                .map(|ptr| NavigationTarget {
                    path: path.clone(),
                    range: ptr.text_range(),
                })
                .collect(),
            Some(ResolveResult::WithExprs(withs)) => withs
                .iter()
                .filter_map(|w| source_map.expr_node(*w))
                .map(|ptr| NavigationTarget {
                    path: path.clone(),
                    range: ptr.text_range(),
                })
                .collect(),
            _ => Vec::new(),
        },
        Some(NameAt::Definition(name)) => source_map
            .name_nodes(name)
            .iter()
            .map(|ptr| NavigationTarget {
                path: path.clone(),
                range: ptr.text_range(),
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The bindings defining the attribute under the cursor in `e.a.b` (`None` when the cursor
/// is not on a selection's attribute).
fn selected_attribute(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Option<Vec<NavigationTarget>> {
    let root = parse(db, file).syntax();
    let token = root.token_at_offset(offset).find(|t| t.kind() == IDENT)?;
    let ident = token.parent().filter(|n| n.kind() == IDENT_NODE)?;
    let attrpath = ident.parent().filter(|n| n.kind() == ATTRPATH)?;
    let select = attrpath.parent().filter(|n| n.kind() == SELECT)?;
    let base = select.first_child()?;
    let prefix: Option<Vec<String>> = ast::Attrpath::cast(attrpath)?
        .attrs()
        .take_while(|a| a.syntax() != &ident)
        .map(|a| a.static_name())
        .collect();
    let (_, source_map) = lower(db, file);
    let (Some(prefix), Some(&expr)) = (prefix, source_map.node_to_expr.get(&NodePtr::new(&base)))
    else {
        return Some(Vec::new());
    };
    let defining = Resolver::new(db, workspace).defining(Loc { file, expr }, &prefix, token.text());
    Some(
        defining
            .into_iter()
            .filter_map(|(f, name)| {
                let (_, map) = lower(db, f);
                let range = map.name_nodes(name).first()?.text_range();
                Some(NavigationTarget {
                    path: f.path(db).clone(),
                    range,
                })
            })
            .collect(),
    )
}
