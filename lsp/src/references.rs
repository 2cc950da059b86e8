//! References, document highlight and rename: the analyzer searches every known file, so
//! results name files that may not be open (positions through `FileRopes`).

use super::file_ropes::FileRopes;
use super::{Backend, document, path_of};
use std::collections::HashMap;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub(super) async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let position = params.text_document_position;
    let this = path_of(&position.text_document.uri);
    let include_declaration = params.context.include_declaration;
    Ok(backend
        .with_snapshot_at(&position, move |snap, offset| {
            let found = snap.analysis.references(snap.file, offset).ok()?;
            let mut ropes = FileRopes::new(&snap.analysis).with_open(this, snap.rope);
            Some(
                found
                    .into_iter()
                    .filter(|r| include_declaration || !r.is_definition)
                    .filter_map(|r| ropes.location(&r.path, r.range))
                    .collect(),
            )
        })
        .await)
}

/// The references within the document itself.
pub(super) async fn document_highlight(
    backend: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let position = params.text_document_position_params;
    let this = path_of(&position.text_document.uri);
    Ok(backend
        .with_snapshot_at(&position, move |snap, offset| {
            let found = snap.analysis.references(snap.file, offset).ok()?;
            Some(
                found
                    .into_iter()
                    .filter(|r| r.path == this)
                    .map(|r| DocumentHighlight {
                        range: document::range(&snap.rope, r.range),
                        kind: Some(if r.is_definition {
                            DocumentHighlightKind::WRITE
                        } else {
                            DocumentHighlightKind::READ
                        }),
                    })
                    .collect(),
            )
        })
        .await)
}

/// Edits in every file that uses the binding; a refusal is an error the client shows.
pub(super) async fn rename(
    backend: &Backend,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let this = path_of(&position.text_document.uri);
    let new_name = params.new_name;
    let outcome = backend
        .with_snapshot_at(&position, move |snap, offset| {
            let result = snap.analysis.rename(snap.file, offset, &new_name).ok()?;
            let mut ropes = FileRopes::new(&snap.analysis).with_open(this, snap.rope);
            Some(result.map(|changes| {
                let changes = changes
                    .into_iter()
                    .filter_map(|(path, edits)| {
                        let uri = Uri::from_file_path(&path)?;
                        let edits = edits
                            .iter()
                            .map(|e| TextEdit::new(ropes.range(&path, e.range), e.new_text.clone()))
                            .collect();
                        Some((uri, edits))
                    })
                    .collect::<HashMap<_, _>>();
                WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }
            }))
        })
        .await;
    match outcome {
        Some(Ok(edit)) => Ok(Some(edit)),
        Some(Err(reason)) => Err(Error::invalid_params(reason)),
        None => Ok(None),
    }
}

/// `textDocument/prepareRename`: the identifier's range, or an error the editor shows at
/// once (a builtin, no variable here) instead of after the user typed a new name.
pub(super) async fn prepare_rename(
    backend: &Backend,
    position: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let outcome = backend
        .with_snapshot_at(&position, move |snap, offset| {
            let result = snap.analysis.prepare_rename(snap.file, offset).ok()?;
            Some(result.map(|range| document::range(&snap.rope, range)))
        })
        .await;
    match outcome {
        Some(Ok(range)) => Ok(Some(PrepareRenameResponse::Range(range))),
        Some(Err(reason)) => Err(Error::invalid_params(reason)),
        None => Ok(None),
    }
}
