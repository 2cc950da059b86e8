//! `textDocument/inlayHint`: see `analysis::ide::inlay_hints` for which hints and why.

use super::{Backend, document};
use analysis::ide::InlayHintKind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn inlay_hints(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    Ok(backend
        .with_snapshot(&params.text_document.uri, move |snap| {
            let range = document::text_range(&snap.rope, params.range);
            let hints = snap.analysis.inlay_hints(snap.file, range).ok()?;
            let hints = hints.into_iter().map(|h| InlayHint {
                position: document::position(&snap.rope, h.offset),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: h.tooltip.map(InlayHintTooltip::String),
                // A closing name stands apart from the bracket; a file name continues the path.
                padding_left: Some(h.kind == InlayHintKind::ClosingName),
                padding_right: None,
                data: None,
            });
            Some(hints.collect())
        })
        .await)
}
