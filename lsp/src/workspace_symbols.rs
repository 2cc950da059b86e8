//! `workspace/symbol`: the analyzer's matches, with positions from the open document's
//! rope when the file is open, or from the file's text in the database otherwise.

use super::file_ropes::FileRopes;
use super::{Backend, blocking};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn workspace_symbols(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let analysis = backend.state.lock().expect("state lock").host.analysis();
    Ok(blocking(move || {
        let symbols = analysis.workspace_symbols(&params.query).ok()?;
        let mut ropes = FileRopes::new(&analysis);
        let symbols = symbols.into_iter().filter_map(|s| {
            let location = ropes.location(&s.path, s.range)?;
            Some(WorkspaceSymbol {
                name: s.name,
                kind: if s.is_namespace {
                    SymbolKind::NAMESPACE
                } else {
                    SymbolKind::FIELD
                },
                tags: None,
                container_name: s.container,
                location: OneOf::Left(location),
                data: None,
            })
        });
        Some(WorkspaceSymbolResponse::Nested(symbols.collect()))
    })
    .await)
}
