//! The requests whose conversion to LSP is a few lines: definition, hover, document
//! symbols, completion and folding. The others have a file each.

use super::world::{Outcome, World};
use super::{completion, document, file_ropes, path_of};
use ls_types::*;

pub(crate) fn goto_definition(
    world: World,
    params: GotoDefinitionParams,
) -> Outcome<Option<GotoDefinitionResponse>> {
    let position = params.text_document_position_params;
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(None);
    };
    let uri = &position.text_document.uri;
    let this_path = path_of(uri);
    let targets = world.analysis.goto_definition(doc.file, offset)?;
    // Positions in other files through their text (an import's target is its start, an
    // empty range there).
    let mut ropes =
        file_ropes::FileRopes::new(&world.analysis).with_open(this_path.clone(), doc.rope.clone());
    let locations: Vec<Location> = targets
        .into_iter()
        .filter_map(|t| {
            if t.path == this_path {
                // The document's own URI: it may not be a `file:` one.
                Some(Location::new(uri.clone(), ropes.range(&t.path, t.range)))
            } else {
                ropes.location(&t.path, t.range)
            }
        })
        .collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

pub(crate) fn hover(world: World, params: HoverParams) -> Outcome<Option<Hover>> {
    let Some((doc, offset)) = world.at(&params.text_document_position_params) else {
        return Ok(None);
    };
    let Some(result) = world.analysis.hover(doc.file, offset)? else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: result.markdown,
        }),
        range: Some(document::range(&doc.rope, result.range)),
    }))
}

pub(crate) fn document_symbols(
    world: World,
    params: DocumentSymbolParams,
) -> Outcome<Option<DocumentSymbolResponse>> {
    let Some(doc) = world.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let symbols = world.analysis.document_symbols(doc.file)?;
    Ok(Some(DocumentSymbolResponse::Nested(
        symbols
            .iter()
            .map(|s| to_lsp_symbol(&doc.rope, s))
            .collect(),
    )))
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be filled in.
fn to_lsp_symbol(rope: &ropey::Rope, s: &analysis::ide::DocumentSymbol) -> DocumentSymbol {
    DocumentSymbol {
        name: s.name.clone(),
        detail: None,
        kind: if s.is_namespace {
            SymbolKind::NAMESPACE
        } else {
            SymbolKind::FIELD
        },
        tags: None,
        deprecated: None,
        range: document::range(rope, s.range),
        selection_range: document::range(rope, s.selection_range),
        children: (!s.children.is_empty())
            .then(|| s.children.iter().map(|c| to_lsp_symbol(rope, c)).collect()),
    }
}

pub(crate) fn completion(
    world: World,
    params: CompletionParams,
) -> Outcome<Option<CompletionResponse>> {
    let Some((doc, offset)) = world.at(&params.text_document_position) else {
        return Ok(None);
    };
    let (items, incomplete) = world.analysis.completion_list(doc.file, offset)?;
    let position = &params.text_document_position;
    let items = items
        .into_iter()
        .map(|item| completion::to_lsp(item, position))
        .collect();
    // Incomplete: an evaluation had not answered yet; the client asks again as the user
    // types, and gets its answer then.
    Ok(Some(if incomplete {
        CompletionResponse::List(CompletionList {
            is_incomplete: true,
            items,
        })
    } else {
        CompletionResponse::Array(items)
    }))
}

/// The type and documentation of an attribute or option item (left out of the list: the
/// names come first), from where the list was made (the item's `data`).
pub(crate) fn resolve_completion(
    world: World,
    mut item: CompletionItem,
) -> Outcome<CompletionItem> {
    let Some(position) = completion::resolve_position(&item) else {
        return Ok(item);
    };
    let Some((doc, offset)) = world.at(&position) else {
        return Ok(item);
    };
    if let Some((detail, markdown)) =
        world
            .analysis
            .completion_documentation(doc.file, offset, &item.label)?
    {
        item.detail = Some(detail);
        item.documentation = Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }));
    }
    Ok(item)
}

pub(crate) fn folding_ranges(
    world: World,
    params: FoldingRangeParams,
) -> Outcome<Option<Vec<FoldingRange>>> {
    let Some(doc) = world.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let ranges = world.analysis.folding_ranges(doc.file)?;
    Ok(Some(
        ranges
            .into_iter()
            .map(|r| {
                let range = document::range(&doc.rope, r);
                FoldingRange {
                    start_line: range.start.line,
                    end_line: range.end.line,
                    ..Default::default()
                }
            })
            .collect(),
    ))
}
