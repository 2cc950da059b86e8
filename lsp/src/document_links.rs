//! `textDocument/documentLink`: paths as `file:` URIs, URLs as they are.

use super::{Backend, document};
use analysis::ide::LinkTarget;
use std::str::FromStr;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn document_links(
    backend: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    Ok(backend
        .with_snapshot(&params.text_document.uri, |snap| {
            let links = snap.analysis.document_links(snap.file).ok()?;
            let links = links.into_iter().filter_map(|link| {
                // A URL the URI parser rejects is simply not linked.
                let target = match &link.target {
                    LinkTarget::File(path) => Uri::from_file_path(path)?,
                    LinkTarget::Url(url) => Uri::from_str(url).ok()?,
                };
                Some(DocumentLink {
                    range: document::range(&snap.rope, link.range),
                    target: Some(target),
                    tooltip: None,
                    data: None,
                })
            });
            Some(links.collect())
        })
        .await)
}
