//! `textDocument/documentLink`: paths as `file:` URIs, URLs as they are.

use super::document;
use super::world::{Outcome, World};
use analysis::ide::LinkTarget;
use ls_types::*;
use std::str::FromStr;

pub(crate) fn document_links(
    world: World,
    params: DocumentLinkParams,
) -> Outcome<Option<Vec<DocumentLink>>> {
    let Some(doc) = world.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let links = world.analysis.document_links(doc.file)?;
    let links = links.into_iter().filter_map(|link| {
        // A URL the URI parser rejects is simply not linked.
        let target = match &link.target {
            LinkTarget::File(path) => Uri::from_file_path(path)?,
            LinkTarget::Url(url) => Uri::from_str(url).ok()?,
        };
        Some(DocumentLink {
            range: document::range(&doc.rope, link.range),
            target: Some(target),
            tooltip: None,
            data: None,
        })
    });
    Ok(Some(links.collect()))
}
