//! `textDocument/formatting` and `textDocument/rangeFormatting`.
//!
//! A document with syntax errors gets no edits (and a log message saying why): formatting
//! on save must never fail loudly while the user is mid-edit. A formatter failure on valid
//! input is a bug and is answered with an error. Formatting needs only the text: it runs
//! with the analysis snapshot released, so an edit never waits for it, and a result for a
//! text that changed meanwhile is thrown away (its edits would be wrong) and the request
//! runs again on the new text, as a cancelled query does.

use super::document;
use super::world::{Failure, Outcome, World};
use analysis::ide::FormatRefusal;
use ls_types::*;
use lsp_server::ErrorCode;

pub(crate) fn formatting(
    world: World,
    params: DocumentFormattingParams,
) -> Outcome<Option<Vec<TextEdit>>> {
    format(world, &params.text_document.uri, None)
}

pub(crate) fn range_formatting(
    world: World,
    params: DocumentRangeFormattingParams,
) -> Outcome<Option<Vec<TextEdit>>> {
    format(world, &params.text_document.uri, Some(params.range))
}

fn format(world: World, uri: &Uri, range: Option<Range>) -> Outcome<Option<Vec<TextEdit>>> {
    let Some((doc, settings, client)) = world.into_document(uri) else {
        return Ok(None);
    };
    let text = doc.rope.to_string();
    let options = settings.format;
    let result = match range {
        Some(range) => {
            let range = document::text_range(&doc.rope, range);
            analysis::ide::format_text_range(&text, range, &options)
        }
        None => analysis::ide::format_text(&text, &options),
    };
    if doc.is_stale() {
        return Err(Failure::Cancelled);
    }
    match result {
        Ok(edits) => Ok(Some(super::to_lsp_edits(&doc.rope, &edits))),
        Err(FormatRefusal::SyntaxError(message)) => {
            let message = format!("not formatted, the file has a syntax error: {message}");
            client.log(MessageType::INFO, message);
            Ok(None)
        }
        Err(FormatRefusal::Failed(message)) => Err(Failure::new(ErrorCode::InternalError, message)),
    }
}
