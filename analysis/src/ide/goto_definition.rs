//! Go to definition: a variable to its binding; an import path to the imported file.

use super::{NameAt, name_at, node_at};
use crate::db::{Db, SourceFile, file_imports, lower, name_resolution};
use crate::name_res::ResolveResult;
use std::path::PathBuf;
use syntax::{TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub path: PathBuf,
    /// The whole definition, or an empty range at the start of a file.
    pub range: TextRange,
}

pub fn goto_definition(db: &dyn Db, file: SourceFile, offset: TextSize) -> Vec<NavigationTarget> {
    let path = file.path(db).clone();
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
