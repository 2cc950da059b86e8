//! Find references of a variable within its file: its definitions and every use.

use super::{NameAt, name_at};
use crate::db::{Db, SourceFile, lower, name_resolution};
use crate::name_res::ResolveResult;
use syntax::{TextRange, TextSize};

/// Ranges of the definitions (first) and uses of the variable at `offset`.
pub fn references(db: &dyn Db, file: SourceFile, offset: TextSize) -> Vec<TextRange> {
    let resolution = name_resolution(db, file);
    let name = match name_at(db, file, offset) {
        Some(NameAt::Definition(name)) => name,
        Some(NameAt::Reference(expr)) => match resolution.get(expr) {
            Some(ResolveResult::Definition(name)) => *name,
            _ => return Vec::new(),
        },
        None => return Vec::new(),
    };
    let (_, source_map) = lower(db, file);
    let mut ranges: Vec<TextRange> = source_map
        .name_nodes(name)
        .iter()
        .map(|p| p.text_range())
        .collect();
    if let Some(uses) = resolution.references().get(&name) {
        ranges.extend(
            uses.iter()
                .filter_map(|e| source_map.expr_node(*e))
                .map(|p| p.text_range()),
        );
    }
    ranges
}
