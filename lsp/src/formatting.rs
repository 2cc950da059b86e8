//! `textDocument/formatting` and `textDocument/rangeFormatting`.
//!
//! A document with syntax errors gets no edits (and a log message saying why): formatting
//! on save must never fail loudly while the user is mid-edit. A formatter failure on valid
//! input is a bug and is answered with an error.

use super::{Backend, blocking, document};
use analysis::ide::FormatRefusal;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub(super) async fn formatting(
    backend: &Backend,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    format(backend, &params.text_document.uri, None).await
}

pub(super) async fn range_formatting(
    backend: &Backend,
    params: DocumentRangeFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    format(backend, &params.text_document.uri, Some(params.range)).await
}

async fn format(
    backend: &Backend,
    uri: &Uri,
    range: Option<Range>,
) -> Result<Option<Vec<TextEdit>>> {
    let Some(snap) = backend.snapshot(uri) else {
        return Ok(None);
    };
    let options = backend.settings().format;
    let outcome = blocking(move || {
        let result = match range {
            Some(range) => {
                let range = document::text_range(&snap.rope, range);
                snap.analysis.format_range(snap.file, range, &options)
            }
            None => snap.analysis.format(snap.file, &options),
        };
        let edits = result
            .ok()?
            .map(|edits| super::to_lsp_edits(&snap.rope, &edits));
        Some(edits)
    })
    .await;
    match outcome {
        Some(Ok(edits)) => Ok(Some(edits)),
        Some(Err(FormatRefusal::SyntaxError(message))) => {
            let message = format!("not formatted, the file has a syntax error: {message}");
            backend.client.log_message(MessageType::INFO, message).await;
            Ok(None)
        }
        Some(Err(FormatRefusal::Failed(message))) => Err(Error {
            message: message.into(),
            ..Error::internal_error()
        }),
        None => Ok(None),
    }
}
