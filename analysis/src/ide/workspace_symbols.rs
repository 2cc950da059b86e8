//! Workspace symbols: the bindings of every file the database knows, nested attribute
//! names included (`services.nginx.enable`), matched against a query by substring first,
//! then by subsequence (`snen` finds `services.nginx.enable`).

use super::document_symbols::{DocumentSymbol, document_symbols};
use crate::db::{Db, SourceFile, Workspace};
use std::path::PathBuf;
use syntax::TextRange;

/// At most this many answers: a client shows a list, not the whole workspace.
pub const MAX_WORKSPACE_SYMBOLS: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    /// The binding's name as written (`a.b` for a dotted path).
    pub name: String,
    /// The names of the bindings around it, joined by dots.
    pub container: Option<String>,
    pub is_namespace: bool,
    pub path: PathBuf,
    /// The name.
    pub range: TextRange,
}

/// Every binding of a file, flattened (cached per file: a query re-runs only for files
/// that changed).
#[salsa::tracked(returns(ref))]
pub(crate) fn file_symbols(db: &dyn Db, file: SourceFile) -> Vec<WorkspaceSymbol> {
    fn walk(
        symbols: &[DocumentSymbol],
        container: Option<&str>,
        path: &PathBuf,
        out: &mut Vec<WorkspaceSymbol>,
    ) {
        for s in symbols {
            out.push(WorkspaceSymbol {
                name: s.name.clone(),
                container: container.map(str::to_string),
                is_namespace: s.is_namespace,
                path: path.clone(),
                range: s.selection_range,
            });
            let inner = match container {
                Some(c) => format!("{c}.{}", s.name),
                None => s.name.clone(),
            };
            walk(&s.children, Some(&inner), path, out);
        }
    }
    let mut out = Vec::new();
    walk(&document_symbols(db, file), None, file.path(db), &mut out);
    out
}

pub fn workspace_symbols(db: &dyn Db, workspace: Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut matches: Vec<(u8, &WorkspaceSymbol)> = Vec::new();
    for file in workspace.files(db) {
        for symbol in file_symbols(db, *file) {
            let full = match &symbol.container {
                Some(c) => format!("{c}.{}", symbol.name).to_lowercase(),
                None => symbol.name.to_lowercase(),
            };
            let name = symbol.name.to_lowercase();
            let rank = if name.starts_with(&query) {
                0
            } else if name.contains(&query) {
                1
            } else if full.contains(&query) {
                2
            } else if is_subsequence(&query, &name) {
                3
            } else if is_subsequence(&query, &full) {
                4
            } else {
                continue;
            };
            matches.push((rank, symbol));
        }
    }
    matches.sort_by(|a, b| (a.0, a.1.name.len(), &a.1.name).cmp(&(b.0, b.1.name.len(), &b.1.name)));
    matches
        .into_iter()
        .take(MAX_WORKSPACE_SYMBOLS)
        .map(|(_, s)| s.clone())
        .collect()
}

fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}
