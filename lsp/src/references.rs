//! References, document highlight and rename: the analyzer searches every known file, so
//! results name files that may not be open (positions through `FileRopes`).

use super::file_ropes::FileRopes;
use super::world::{Failure, Outcome, World};
use super::{document, path_of};
use ls_types::*;
use std::collections::HashMap;

pub(crate) fn references(world: World, params: ReferenceParams) -> Outcome<Option<Vec<Location>>> {
    let position = params.text_document_position;
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(None);
    };
    let this = path_of(&position.text_document.uri);
    let include_declaration = params.context.include_declaration;
    let found = world.analysis.references(doc.file, offset)?;
    let mut ropes = FileRopes::new(&world.analysis).with_open(this, doc.rope.clone());
    Ok(Some(
        found
            .into_iter()
            .filter(|r| include_declaration || !r.is_definition)
            .filter_map(|r| ropes.location(&r.path, r.range))
            .collect(),
    ))
}

/// The references within the document itself.
pub(crate) fn document_highlight(
    world: World,
    params: DocumentHighlightParams,
) -> Outcome<Option<Vec<DocumentHighlight>>> {
    let position = params.text_document_position_params;
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(None);
    };
    let this = path_of(&position.text_document.uri);
    let found = world.analysis.references(doc.file, offset)?;
    Ok(Some(
        found
            .into_iter()
            .filter(|r| r.path == this)
            .map(|r| DocumentHighlight {
                range: document::range(&doc.rope, r.range),
                kind: Some(if r.is_definition {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
            .collect(),
    ))
}

/// Edits in every file that uses the binding; a refusal is an error the client shows.
pub(crate) fn rename(world: World, params: RenameParams) -> Outcome<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(None);
    };
    let this = path_of(&position.text_document.uri);
    let changes = world
        .analysis
        .rename(doc.file, offset, &params.new_name)?
        .map_err(Failure::invalid_params)?;
    let mut ropes = FileRopes::new(&world.analysis).with_open(this, doc.rope.clone());
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
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

/// `textDocument/prepareRename`: the identifier's range, or an error the editor shows at
/// once (a builtin, no variable here) instead of after the user typed a new name.
pub(crate) fn prepare_rename(
    world: World,
    position: TextDocumentPositionParams,
) -> Outcome<Option<PrepareRenameResponse>> {
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(None);
    };
    let range = world
        .analysis
        .prepare_rename(doc.file, offset)?
        .map_err(Failure::invalid_params)?;
    Ok(Some(PrepareRenameResponse::Range(document::range(
        &doc.rope, range,
    ))))
}
