//! `textDocument/inlayHint`: see `analysis::ide::inlay_hints` for which hints and why.

use super::document;
use super::world::{Outcome, World};
use analysis::ide::InlayHintKind;
use ls_types::*;

pub(crate) fn inlay_hints(
    world: World,
    params: InlayHintParams,
) -> Outcome<Option<Vec<InlayHint>>> {
    let Some(doc) = world.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let range = document::text_range(&doc.rope, params.range);
    let hints = world.analysis.inlay_hints(doc.file, range)?;
    let hints = hints.into_iter().map(|h| InlayHint {
        position: document::position(&doc.rope, h.offset),
        label: InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: h.tooltip.map(InlayHintTooltip::String),
        // A closing name stands apart from the bracket; a file name continues the path.
        padding_left: Some(h.kind == InlayHintKind::ClosingName),
        padding_right: None,
        data: None,
    });
    Ok(Some(hints.collect()))
}
