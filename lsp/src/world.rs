//! What a request runs on: a snapshot of the analysis, the open documents and the
//! settings, taken by the main loop and moved to a worker thread. Nothing in it is shared
//! mutable state but the semantic tokens cache, whose lock is held only to read or store
//! one entry.

use super::client::Client;
use super::config::Settings;
use super::document;
use super::semantic_tokens;
use analysis::{Analysis, Cancelled, SourceFile};
use ls_types::{TextDocumentPositionParams, Uri};
use lsp_server::{ErrorCode, ResponseError};
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

pub(crate) struct World {
    pub analysis: Analysis,
    pub documents: HashMap<Uri, DocumentSnapshot>,
    pub settings: Settings,
    pub client: Client,
    pub semantic_tokens: Arc<semantic_tokens::Cache>,
    /// Counts the snapshots that are out (see `GlobalState::collect_garbage_when_idle`).
    pub _job: Arc<()>,
}

/// An open document as it was when the snapshot was taken.
#[derive(Clone)]
pub(crate) struct DocumentSnapshot {
    pub rope: Rope,
    pub file: SourceFile,
    pub version: i32,
    /// The document's version now (the main loop updates it on every edit).
    pub current_version: Arc<AtomicI32>,
}

impl DocumentSnapshot {
    /// Whether the document changed since the snapshot (a result computed on the old text
    /// would then be wrong, as edits are).
    pub fn is_stale(&self) -> bool {
        self.current_version.load(Ordering::SeqCst) != self.version
    }
}

impl World {
    pub fn document(&self, uri: &Uri) -> Option<&DocumentSnapshot> {
        self.documents.get(uri)
    }

    /// The document a position request names and the byte offset it asks about.
    pub fn at(
        &self,
        position: &TextDocumentPositionParams,
    ) -> Option<(&DocumentSnapshot, syntax::TextSize)> {
        let doc = self.document(&position.text_document.uri)?;
        Some((doc, document::text_size(&doc.rope, position.position)))
    }

    /// The document alone, the analysis snapshot released: for work that does not need
    /// the database (formatting), so that edits need not wait for it.
    pub fn into_document(self, uri: &Uri) -> Option<(DocumentSnapshot, Settings, Client)> {
        let World {
            analysis,
            mut documents,
            settings,
            client,
            ..
        } = self;
        drop(analysis);
        Some((documents.remove(uri)?, settings, client))
    }
}

/// Why a request has no result.
pub(crate) enum Failure {
    /// An edit arrived while it ran: the main loop runs it again on the new state.
    Cancelled,
    /// The answer is this error.
    Error(ResponseError),
}

impl From<Cancelled> for Failure {
    fn from(_: Cancelled) -> Failure {
        Failure::Cancelled
    }
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure::Error(ResponseError {
            code: code as i32,
            message: message.into(),
            data: None,
        })
    }

    pub fn invalid_params(message: impl Into<String>) -> Failure {
        Failure::new(ErrorCode::InvalidParams, message)
    }
}

pub(crate) type Outcome<T> = Result<T, Failure>;
