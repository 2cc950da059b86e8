//! The language server over stdio (`firn lsp`).
//!
//! Ordering: tower-lsp-server may poll handlers concurrently, so every handler that changes
//! state does it synchronously, under the lock, before its first `.await`; edits are thus
//! applied in the order they arrive. Queries run on a snapshot of the analysis in a blocking
//! task; an edit that arrives meanwhile cancels them (salsa), and they answer nothing.

mod completion;
mod config;
mod document;
mod document_links;
mod file_ropes;
mod fix_all;
mod formatting;
mod inlay_hints;
mod message_check;
mod references;
mod selection_ranges;
mod semantic_tokens;
mod signature_help;
mod transport;
mod workspace;
mod workspace_symbols;

use analysis::{AnalysisHost, Severity, SourceFile};
use config::Settings;
use document::Document;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// Quiet time after an edit before diagnostics are computed, so a burst of keystrokes
/// costs one computation. An opened file is checked at once: nobody is typing yet.
const DIAGNOSTICS_DELAY: Duration = Duration::from_millis(80);

/// Serves on stdin and stdout until the client exits; `stack_size` is that of the
/// runtime's threads.
pub fn run(stack_size: usize) -> std::process::ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Room for what the passes' own stack growth cannot reach (rowan's recursive drop
        // of a deep tree, `syntax::deep`); reserved address space, touched only when used.
        .thread_stack_size(stack_size)
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        transport::guarded(tokio::io::stdin(), tokio::io::stdout(), |input, output| {
            Server::new(input, output, socket).serve(service)
        })
        .await;
    });
    // Not shut down: a thread stays blocked reading stdin, and tokio's shutdown then polls
    // that read's handle again and panics ("JoinHandle polled after completion"). Every
    // answer is written by now; returning from `main` ends the remaining threads.
    std::mem::forget(runtime);
    std::process::ExitCode::SUCCESS
}

struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    host: AnalysisHost,
    documents: HashMap<Uri, (Document, SourceFile)>,
    settings: Settings,
    /// The last full semantic tokens of each document, with their result id (for deltas).
    semantic_tokens: HashMap<Uri, (String, Vec<SemanticToken>)>,
    next_result_id: u64,
    /// The client answers `workspace/configuration` requests.
    can_read_configuration: bool,
    /// The folders to index and what the client offers for it.
    setup: workspace::WorkspaceSetup,
}

/// What a request needs from the state, taken under the lock and used outside it.
struct Snapshot {
    analysis: analysis::Analysis,
    file: SourceFile,
    rope: ropey::Rope,
}

impl Backend {
    fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::default(),
        }
    }

    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let mut state = self.state.lock().expect("state lock");
        let (doc, file) = state.documents.get(uri)?;
        let (rope, file) = (doc.rope.clone(), *file);
        Some(Snapshot {
            analysis: state.host.analysis(),
            file,
            rope,
        })
    }

    /// Runs `f` on a blocking thread with a snapshot of the open document `uri`; `None`
    /// when it is not open, or when the query was cancelled or panicked.
    async fn with_snapshot<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(Snapshot) -> Option<T> + Send + 'static,
    ) -> Option<T> {
        let snap = self.snapshot(uri)?;
        blocking(move || f(snap)).await
    }

    fn settings(&self) -> Settings {
        self.state.lock().expect("state lock").settings.clone()
    }

    /// [`Backend::with_snapshot`] for a position request: `f` also gets the byte offset it
    /// asks about.
    async fn with_snapshot_at<T: Send + 'static>(
        &self,
        position: &TextDocumentPositionParams,
        f: impl FnOnce(Snapshot, syntax::TextSize) -> Option<T> + Send + 'static,
    ) -> Option<T> {
        let at = position.position;
        self.with_snapshot(&position.text_document.uri, move |snap| {
            let offset = document::text_size(&snap.rope, at);
            f(snap, offset)
        })
        .await
    }

    /// Publishes diagnostics for `uri` after `delay`, unless it changed again meanwhile.
    fn schedule_diagnostics(&self, uri: Uri, version: i32, delay: Duration) {
        schedule_diagnostics(self.client.clone(), self.state.clone(), uri, version, delay);
    }
}

/// Sets new settings; diagnostics of every open document are published again under them.
fn apply_settings(client: &Client, state: &Arc<Mutex<State>>, settings: Settings) {
    let open: Vec<(Uri, i32)> = {
        let mut state = state.lock().expect("state lock");
        if state.settings == settings {
            return;
        }
        state.settings = settings;
        state
            .documents
            .iter()
            .map(|(uri, (doc, _))| (uri.clone(), doc.version))
            .collect()
    };
    for (uri, version) in open {
        schedule_diagnostics(client.clone(), state.clone(), uri, version, Duration::ZERO);
    }
}

/// Publishes diagnostics for `uri` after `delay`, unless it changed again meanwhile.
fn schedule_diagnostics(
    client: Client,
    state: Arc<Mutex<State>>,
    uri: Uri,
    version: i32,
    delay: Duration,
) {
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let job = {
            let mut state = state.lock().expect("state lock");
            let current = state
                .documents
                .get(&uri)
                .map(|(d, f)| (d.version, *f, d.rope.clone()));
            match current {
                Some((v, file, rope)) if v == version => Some((
                    state.host.analysis(),
                    file,
                    rope,
                    state.settings.diagnostics.clone(),
                )),
                _ => None,
            }
        };
        let Some((analysis, file, rope, config)) = job else {
            return;
        };
        let for_related = uri.clone();
        let computed = tokio::task::spawn_blocking(move || {
            analysis.diagnostics(file, &config).ok().map(|diags| {
                diags
                    .iter()
                    .map(|d| to_lsp_diagnostic(&rope, &for_related, d))
                    .collect::<Vec<_>>()
            })
        })
        .await;
        if let Ok(Some(diagnostics)) = computed {
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        }
    });
}

fn to_lsp_diagnostic(rope: &ropey::Rope, uri: &Uri, d: &analysis::Diagnostic) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let tags = d
        .code
        .as_str()
        .starts_with("unused-")
        .then(|| vec![DiagnosticTag::UNNECESSARY]);
    Diagnostic {
        range: document::range(rope, d.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("firn".to_string()),
        message: d.message.clone(),
        related_information: d.related.as_ref().map(|(label, range)| {
            vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), document::range(rope, *range)),
                message: label.clone(),
            }]
        }),
        tags,
        ..Default::default()
    }
}

fn to_lsp_edits(rope: &ropey::Rope, edits: &[analysis::TextEdit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(document::range(rope, e.range), e.new_text.clone()))
        .collect()
}

fn path_of(uri: &Uri) -> PathBuf {
    uri.to_file_path()
        .map(|p| p.into_owned())
        .unwrap_or_else(|| PathBuf::from(uri.as_str()))
}

/// Asks the client for the `firn` section of its configuration, if it can answer. Run in
/// a task of its own: a client slow to answer must not hold up the messages behind it.
fn read_configuration(client: Client, state: Arc<Mutex<State>>) {
    if !state.lock().expect("state lock").can_read_configuration {
        return;
    }
    tokio::spawn(async move {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("firn".to_string()),
        };
        if let Ok(values) = client.configuration(vec![item]).await
            && let Some(value) = values.first()
        {
            apply_settings(&client, &state, Settings::from_json(value));
        }
    });
}

/// At most this many files are read from disk when a document is opened.
const MAX_IMPORTS_LOADED: usize = 64;

/// Reads the files `file` imports (and those they import) from disk when the analyzer
/// does not know them yet, so completion after `lib.` can see into `import ./lib`.
/// Bounded: a package set importing thousands of files loads only the first ones.
fn load_imports(host: &mut AnalysisHost, file: SourceFile) {
    let mut queue = vec![file];
    let mut loaded = 0;
    while let Some(file) = queue.pop() {
        // The snapshot must be gone before the host changes (salsa waits for it).
        let targets = host.analysis().imports(file).unwrap_or_default();
        for target in targets {
            if loaded == MAX_IMPORTS_LOADED {
                return;
            }
            if host.file(&target).is_some() {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&target) {
                queue.push(host.set_file_text(&target, text));
                loaded += 1;
            }
        }
    }
}

/// Runs `f` on a blocking thread; `None` if it was cancelled or panicked.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Option<T> + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok().flatten()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut state = self.state.lock().expect("state lock");
        state.setup = workspace::WorkspaceSetup::from_params(&params);
        state.can_read_configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        drop(state);
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "firn".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::UTF16),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::SOURCE_FIX_ALL,
                        ]),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".to_string()]),
                    ..Default::default()
                }),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                document_formatting_provider: Some(OneOf::Left(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                signature_help_provider: Some(signature_help::capabilities()),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(semantic_tokens::capabilities()),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        read_configuration(self.client.clone(), self.state.clone());
        let setup = self.state.lock().expect("state lock").setup.clone();
        tokio::spawn(workspace::index(
            self.client.clone(),
            self.state.clone(),
            setup,
        ));
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut state = self.state.lock().expect("state lock");
        workspace::files_changed(&mut state, &params.changes);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that push settings send them here; the others are asked.
        match params.settings.get("firn") {
            Some(value) => apply_settings(&self.client, &self.state, Settings::from_json(value)),
            None => read_configuration(self.client.clone(), self.state.clone()),
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        formatting::formatting(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        document_links::document_links(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay_hints::inlay_hints(self, params).await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        signature_help::signature_help(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        workspace_symbols::workspace_symbols(self, params).await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        selection_ranges::selection_ranges(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        semantic_tokens::full(self, params).await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        semantic_tokens::full_delta(self, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        semantic_tokens::range(self, params).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        formatting::range_formatting(self, params).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        {
            let mut state = self.state.lock().expect("state lock");
            let document = Document::new(&doc.text, doc.version);
            // The text moves into the analyzer: an opened file can be megabytes.
            let file = state.host.set_file_text(&path_of(&doc.uri), doc.text);
            state.documents.insert(doc.uri.clone(), (document, file));
            load_imports(&mut state.host, file);
        }
        self.schedule_diagnostics(doc.uri, doc.version, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        {
            let mut state = self.state.lock().expect("state lock");
            let State {
                host, documents, ..
            } = &mut *state;
            let Some((doc, file)) = documents.get_mut(&uri) else {
                return;
            };
            for change in &params.content_changes {
                doc.apply(change);
            }
            doc.version = version;
            host.set_text(*file, doc.rope.to_string());
        }
        self.schedule_diagnostics(uri, version, DIAGNOSTICS_DELAY);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = self.state.lock().expect("state lock");
            state.documents.remove(&uri);
            state.semantic_tokens.remove(&uri);
            // Unsaved edits are dropped with the buffer: the disk's text is the truth again.
            let path = path_of(&uri);
            if let Ok(text) = std::fs::read_to_string(&path) {
                state.host.set_file_text(&path, text);
            }
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri.clone();
        let this_path = path_of(&uri);
        let locations = self
            .with_snapshot_at(&position, move |snap, offset| {
                let targets = snap.analysis.goto_definition(snap.file, offset).ok()?;
                // Positions in other files through their text (an import's target is its
                // start, an empty range there).
                let mut ropes = file_ropes::FileRopes::new(&snap.analysis)
                    .with_open(this_path.clone(), snap.rope);
                Some(
                    targets
                        .into_iter()
                        .filter_map(|t| {
                            if t.path == this_path {
                                // The document's own URI: it may not be a `file:` one.
                                Some(Location::new(uri.clone(), ropes.range(&t.path, t.range)))
                            } else {
                                ropes.location(&t.path, t.range)
                            }
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .await;
        Ok(locations
            .filter(|l| !l.is_empty())
            .map(GotoDefinitionResponse::Array))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        references::references(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        Ok(self
            .with_snapshot_at(&position, move |snap, offset| {
                let result = snap.analysis.hover(snap.file, offset).ok()??;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: result.markdown,
                    }),
                    range: Some(document::range(&snap.rope, result.range)),
                })
            })
            .await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .with_snapshot(&params.text_document.uri, |snap| {
                let symbols = snap.analysis.document_symbols(snap.file).ok()?;
                Some(DocumentSymbolResponse::Nested(
                    symbols
                        .iter()
                        .map(|s| to_lsp_symbol(&snap.rope, s))
                        .collect(),
                ))
            })
            .await)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        Ok(self
            .with_snapshot_at(&position, move |snap, offset| {
                let items = snap.analysis.completions(snap.file, offset).ok()?;
                Some(CompletionResponse::Array(
                    items.into_iter().map(completion::to_lsp).collect(),
                ))
            })
            .await)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        references::rename(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        references::prepare_rename(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self
            .with_snapshot(&params.text_document.uri, |snap| {
                let ranges = snap.analysis.folding_ranges(snap.file).ok()?;
                Some(
                    ranges
                        .into_iter()
                        .map(|r| {
                            let range = document::range(&snap.rope, r);
                            FoldingRange {
                                start_line: range.start.line,
                                end_line: range.end.line,
                                ..Default::default()
                            }
                        })
                        .collect(),
                )
            })
            .await)
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        references::document_highlight(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let config = self
            .state
            .lock()
            .expect("state lock")
            .settings
            .diagnostics
            .clone();
        let start = document::text_size(&snap.rope, params.range.start);
        let end = document::text_size(&snap.rope, params.range.end).max(start);
        let wanted = syntax::TextRange::new(start, end);
        let only = params.context.only;
        // `source.fixAll` only when asked for by kind (fix-on-save asks for it alone).
        let fix_all_wanted =
            only.is_some() && fix_all::wanted(only.as_deref(), &CodeActionKind::SOURCE_FIX_ALL);
        let kind_wanted = move |kind: &CodeActionKind| fix_all::wanted(only.as_deref(), kind);
        let path = path_of(&uri);
        Ok(blocking(move || {
            let fix_all = || {
                fix_all_wanted
                    .then(|| fix_all::action(&uri, &path, &snap.rope, &config))
                    .flatten()
            };
            if !kind_wanted(&CodeActionKind::QUICKFIX)
                && !kind_wanted(&CodeActionKind::REFACTOR_REWRITE)
            {
                return Some(fix_all().into_iter().collect());
            }
            let diagnostics = snap.analysis.diagnostics(snap.file, &config).ok()?;
            let here: Vec<&analysis::Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.range.intersect(wanted).is_some() || d.range.contains_range(wanted))
                .collect();
            let actions = here
                .iter()
                .filter_map(|d| {
                    let fix = d.fix.as_ref()?;
                    let edits = to_lsp_edits(&snap.rope, &fix.edits);
                    Some(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![to_lsp_diagnostic(&snap.rope, &uri, d)]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), edits)])),
                            ..Default::default()
                        }),
                        is_preferred: Some(fix.automatic),
                        ..Default::default()
                    }))
                })
                .collect::<Vec<_>>();
            // A refactor that is also a diagnostic's fix is offered once, as the fix.
            let fixes: Vec<&Vec<analysis::TextEdit>> = here
                .iter()
                .filter_map(|d| d.fix.as_ref().map(|f| &f.edits))
                .collect();
            let refactors = snap.analysis.refactors(snap.file, wanted).ok()?;
            let refactors = refactors.into_iter().filter(|r| !fixes.contains(&&r.edits));
            let refactors = refactors.map(|r| {
                let edits = to_lsp_edits(&snap.rope, &r.edits);
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: r.title,
                    kind: Some(CodeActionKind::REFACTOR_REWRITE),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
            });
            let actions = actions
                .into_iter()
                .filter(|_| kind_wanted(&CodeActionKind::QUICKFIX));
            let refactors = refactors.filter(|_| kind_wanted(&CodeActionKind::REFACTOR_REWRITE));
            Some(actions.chain(refactors).chain(fix_all()).collect())
        })
        .await)
    }
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
