//! `textDocument/selectionRange`: the analyzer's ranges, innermost first, as the nested
//! `SelectionRange` chain LSP wants (each one pointing to its parent).

use super::document;
use super::world::{Outcome, World};
use ls_types::*;

pub(crate) fn selection_ranges(
    world: World,
    params: SelectionRangeParams,
) -> Outcome<Option<Vec<SelectionRange>>> {
    let Some(doc) = world.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let positions = params.positions;
    let offsets: Vec<_> = positions
        .iter()
        .map(|p| document::text_size(&doc.rope, *p))
        .collect();
    let all = world.analysis.selection_ranges(doc.file, &offsets)?;
    let chains = all.iter().zip(&positions).map(|(ranges, position)| {
        let mut chain: Option<SelectionRange> = None;
        for r in ranges.iter().rev() {
            chain = Some(SelectionRange {
                range: document::range(&doc.rope, *r),
                parent: chain.map(Box::new),
            });
        }
        // The protocol wants one answer per position, even an empty range.
        chain.unwrap_or(SelectionRange {
            range: Range::new(*position, *position),
            parent: None,
        })
    });
    Ok(Some(chains.collect()))
}
