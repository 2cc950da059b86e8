//! `workspace/symbol`: the analyzer's matches, with positions from the open document's
//! rope when the file is open, or from the file's text in the database otherwise.

use super::file_ropes::FileRopes;
use super::world::{Outcome, World};
use ls_types::*;

pub(crate) fn workspace_symbols(
    world: World,
    params: WorkspaceSymbolParams,
) -> Outcome<Option<WorkspaceSymbolResponse>> {
    let symbols = world.analysis.workspace_symbols(&params.query)?;
    let mut ropes = FileRopes::new(&world.analysis);
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
    Ok(Some(WorkspaceSymbolResponse::Nested(symbols.collect())))
}
