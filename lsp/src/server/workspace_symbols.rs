//! `workspace/symbol`: the analyzer's matches, with positions from the open document's
//! rope when the file is open, or from the file's text in the database otherwise.

use super::{Backend, blocking, document};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn workspace_symbols(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let analysis = backend.state.lock().expect("state lock").host.analysis();
    Ok(blocking(move || {
        let symbols = analysis.workspace_symbols(&params.query).ok()?;
        let mut ropes: std::collections::HashMap<std::path::PathBuf, ropey::Rope> =
            Default::default();
        let symbols = symbols.into_iter().filter_map(|s| {
            let uri = Uri::from_file_path(&s.path)?;
            let rope = ropes.entry(s.path.clone()).or_insert_with(|| {
                ropey::Rope::from_str(analysis.file_text(&s.path).unwrap_or_default())
            });
            Some(WorkspaceSymbol {
                name: s.name,
                kind: if s.is_namespace {
                    SymbolKind::NAMESPACE
                } else {
                    SymbolKind::FIELD
                },
                tags: None,
                container_name: s.container,
                location: OneOf::Left(Location::new(uri, document::range(rope, s.range))),
                data: None,
            })
        });
        Some(WorkspaceSymbolResponse::Nested(symbols.collect()))
    })
    .await)
}
