//! `textDocument/selectionRange`: the analyzer's ranges, innermost first, as the nested
//! `SelectionRange` chain LSP wants (each one pointing to its parent).

use super::{Backend, document};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn selection_ranges(
    backend: &Backend,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let positions = params.positions;
    Ok(backend
        .with_snapshot(&params.text_document.uri, move |snap| {
            let offsets: Vec<_> = positions
                .iter()
                .map(|p| document::text_size(&snap.rope, *p))
                .collect();
            let all = snap.analysis.selection_ranges(snap.file, &offsets).ok()?;
            let chains = all.iter().zip(&positions).map(|(ranges, position)| {
                let mut chain: Option<SelectionRange> = None;
                for r in ranges.iter().rev() {
                    chain = Some(SelectionRange {
                        range: document::range(&snap.rope, *r),
                        parent: chain.map(Box::new),
                    });
                }
                // The protocol wants one answer per position, even an empty range.
                chain.unwrap_or(SelectionRange {
                    range: Range::new(*position, *position),
                    parent: None,
                })
            });
            Some(chains.collect())
        })
        .await)
}
