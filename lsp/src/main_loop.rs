//! The main loop (rust-analyzer's shape): one thread owns the analysis host, the open
//! documents, the settings and the view of the file system. It takes one event at a time
//! (a client message, a worker's result, a timer) and never waits on a worker: requests
//! run on snapshots ([`World`]) in the thread pool, and their answers come back here as
//! tasks. An edit changes the host, which cancels the queries still running on older
//! snapshots (salsa); those requests are run again on the new state.
//!
//! Edits are applied to the documents' ropes as they arrive and to the host in one go
//! before the next snapshot ([`GlobalState::flush_changes`]): a burst of keystrokes is one
//! change for the analyzer.

use super::client::Client;
use super::config::Settings;
use super::dispatch::Dispatcher;
use super::document::Document;
use super::thread_pool::{ThreadPool, panic_message};
use super::workspace::{self, IndexEvent, WorkspaceSetup};
use super::world::{DocumentSnapshot, Failure, World};
use super::{
    capabilities, code_actions, code_lenses, diagnostics, document_links, formatting, handlers,
    inlay_hints, path_of, references, selection_ranges, semantic_tokens, signature_help,
    workspace_symbols,
};
use analysis::{AnalysisHost, SourceFile};
use crossbeam_channel::{Receiver, Sender};
use ls_types::notification::{self as notif, Notification as _};
use ls_types::request::{self as req, Request as _};
use ls_types::*;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

mod running_commands;

/// Quiet time after an edit before diagnostics are computed, so a burst of keystrokes
/// costs one computation. An opened file is checked at once: nobody is typing yet.
const DIAGNOSTICS_DELAY: Duration = Duration::from_millis(80);

/// A request cancelled by edits this many times in a row is answered `ContentModified`
/// (a retry happens only when edits were applied meanwhile, so this takes a long storm).
const MAX_RETRIES: u32 = 100;

/// At most this many files are read from disk when a document is opened.
const MAX_IMPORTS_LOADED: usize = 64;

/// When option diagnostics were still being evaluated: the pause before asking again, and
/// how many times per document version.
const PENDING_RETRY: Duration = Duration::from_millis(100);
const MAX_PENDING_ROUNDS: u32 = 4;

/// Quiet time after a change before the results it replaced are freed.
const GARBAGE_DELAY: Duration = Duration::from_millis(500);

/// What workers and the indexing thread report.
pub(crate) enum Task {
    /// A request's answer (serialised) or why there is none.
    Response {
        id: RequestId,
        outcome: Result<Vec<u8>, Failure>,
    },
    /// Diagnostics of `uri` at `version` from diagnostics job `job`; `None` when an edit
    /// cancelled them.
    Diagnostics {
        uri: Uri,
        version: i32,
        job: u64,
        diagnostics: Option<Vec<Diagnostic>>,
        /// The evaluator had not answered the option check: ask again soon.
        pending: bool,
    },
    Index(IndexEvent),
    /// A `workspace/executeCommand` command ended.
    CommandDone {
        id: RequestId,
        finished: crate::commands::Finished,
    },
}

enum Event {
    Message(Message),
    Task(Task),
    /// A diagnostics deadline passed.
    Tick,
}

#[derive(PartialEq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

struct OpenDocument {
    doc: Document,
    file: SourceFile,
    /// The version snapshots compare theirs to (see `DocumentSnapshot::is_stale`).
    current_version: Arc<AtomicI32>,
    /// Edited since the host last got its text.
    dirty: bool,
    /// The edits since the host last got its text (byte range of the text before each,
    /// new text), so it can patch its parse; `None` after a whole-text replacement.
    edits: Option<Vec<(syntax::TextRange, String)>>,
    /// The last diagnostics job started for it: only its result is published, so an older
    /// job finishing later (other settings, say) never overwrites a newer one.
    diagnostics_job: u64,
    /// Diagnostics computed for this version while the evaluator had not answered.
    pending_rounds: u32,
}

/// A request running on a worker: kept to run it again when an edit cancels it.
struct InFlight {
    request: Request,
    retries: u32,
}

/// What a request the server sent the client was for.
enum Outgoing {
    Configuration,
    /// Progress tokens and registrations: the answer changes nothing.
    Acknowledgement,
}

pub(crate) struct GlobalState {
    client: Client,
    pool: ThreadPool,
    task_tx: Sender<Task>,
    task_rx: Receiver<Task>,
    host: AnalysisHost,
    documents: HashMap<Uri, OpenDocument>,
    settings: Settings,
    semantic_tokens: Arc<semantic_tokens::Cache>,
    setup: WorkspaceSetup,
    can_read_configuration: bool,
    phase: Phase,
    in_flight: HashMap<RequestId, InFlight>,
    outgoing: HashMap<RequestId, Outgoing>,
    next_outgoing_id: i32,
    diagnostics_due: HashMap<Uri, Instant>,
    diagnostics_jobs: u64,
    /// When to free what changes replaced (`None`: nothing to free).
    garbage_due: Option<Instant>,
    /// One clone per snapshot handed out; only this one left means none is out.
    jobs: Arc<()>,
    /// Returns the calling thread's free memory to the system.
    release_memory: fn(),
    indexing_progress: Option<NumberOrString>,
    stack_size: usize,
    /// Commands running (`commands.rs`), by request.
    running: HashMap<RequestId, crate::commands::Running>,
    /// Commands the user cancelled, until they end.
    cancelled: std::collections::HashSet<RequestId>,
    /// The last build's failure diagnostics, published with each file's own.
    build_diagnostics: HashMap<Uri, Vec<Diagnostic>>,
}

/// Serves until `exit` or the end of input; the exit status LSP names (0 after `shutdown`).
pub(crate) fn run(
    incoming: Receiver<Message>,
    client: Client,
    stack_size: usize,
    release_memory: fn(),
) -> ExitCode {
    let mut state = GlobalState::new(client, stack_size, release_memory);
    let tasks = state.task_rx.clone();
    loop {
        let deadline = state
            .diagnostics_due
            .values()
            .chain(&state.garbage_due)
            .min();
        let timer = match deadline {
            Some(&deadline) => crossbeam_channel::at(deadline),
            None => crossbeam_channel::never(),
        };
        let event = crossbeam_channel::select! {
            recv(incoming) -> message => match message {
                Ok(message) => Event::Message(message),
                Err(_) => return state.exit_code(),
            },
            recv(tasks) -> task => match task {
                Ok(task) => Event::Task(task),
                Err(_) => unreachable!("the state holds a sender"),
            },
            recv(timer) -> _ => Event::Tick,
        };
        // A bug in a handler must not end the session: it is reported and the loop goes on.
        match catch_unwind(AssertUnwindSafe(|| state.handle(event))) {
            Ok(Some(code)) => return code,
            Ok(None) => {}
            Err(panic) => {
                let message = format!("firn: internal error: {}", panic_message(&*panic));
                eprintln!("{message}");
                state.client.log(MessageType::ERROR, message);
            }
        }
        state.start_due_diagnostics();
        state.collect_garbage_when_idle();
    }
}

impl GlobalState {
    fn new(client: Client, stack_size: usize, release_memory: fn()) -> GlobalState {
        let (task_tx, task_rx) = crossbeam_channel::unbounded();
        // At least four: a long request (a format of a huge file) must not hold up hovers.
        let threads = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(4, 8));
        GlobalState {
            client,
            pool: ThreadPool::new(threads, stack_size),
            task_tx,
            task_rx,
            host: AnalysisHost::default(),
            documents: HashMap::new(),
            settings: Settings::default(),
            semantic_tokens: Arc::default(),
            setup: WorkspaceSetup::default(),
            can_read_configuration: false,
            phase: Phase::Uninitialized,
            in_flight: HashMap::new(),
            outgoing: HashMap::new(),
            next_outgoing_id: 0,
            diagnostics_due: HashMap::new(),
            diagnostics_jobs: 0,
            garbage_due: None,
            jobs: Arc::new(()),
            release_memory,
            indexing_progress: None,
            stack_size,
            running: HashMap::new(),
            cancelled: Default::default(),
            build_diagnostics: HashMap::new(),
        }
    }

    fn exit_code(&self) -> ExitCode {
        if self.phase == Phase::ShutDown {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }

    pub fn pool(&self) -> &ThreadPool {
        &self.pool
    }

    pub fn task_sender(&self) -> Sender<Task> {
        self.task_tx.clone()
    }

    /// A snapshot for a request, with every edit applied first.
    pub fn world(&mut self) -> World {
        self.flush_changes();
        let documents = self
            .documents
            .iter()
            .map(|(uri, open)| {
                let snapshot = DocumentSnapshot {
                    rope: open.doc.rope.clone(),
                    file: open.file,
                    version: open.doc.version,
                    current_version: open.current_version.clone(),
                };
                (uri.clone(), snapshot)
            })
            .collect();
        World {
            analysis: self.host.analysis(),
            documents,
            settings: self.settings.clone(),
            client: self.client.clone(),
            semantic_tokens: self.semantic_tokens.clone(),
            _job: self.jobs.clone(),
        }
    }

    /// Frees the analysis results that changes replaced once things are quiet and no
    /// snapshot is out (freeing would cancel it), and gives free memory back to the system
    /// on every thread: an idle server holds one version of each result, not two, and no
    /// memory it is not using.
    fn collect_garbage_when_idle(&mut self) {
        let Some(due) = self.garbage_due else {
            return;
        };
        let now = Instant::now();
        if due > now {
            return;
        }
        if Arc::strong_count(&self.jobs) == 1 {
            self.host.collect_garbage();
            (self.release_memory)();
            self.pool.on_every_thread(self.release_memory);
            self.garbage_due = None;
        } else {
            self.garbage_due = Some(now + GARBAGE_DELAY);
        }
    }

    /// Notes that the host changed: what the change replaced is freed later.
    fn host_changed(&mut self) {
        self.garbage_due = Some(Instant::now() + GARBAGE_DELAY);
    }

    /// Remembers a request sent to a worker (kept if it is a retry).
    pub fn start_request(&mut self, request: Request) {
        self.in_flight
            .entry(request.id.clone())
            .or_insert(InFlight {
                request,
                retries: 0,
            });
    }

    pub fn respond_error(&mut self, id: RequestId, code: ErrorCode, message: String) {
        self.respond_error_code(id, code as i32, message);
    }

    fn respond_error_code(&mut self, id: RequestId, code: i32, message: String) {
        self.in_flight.remove(&id);
        self.client.respond(Response::new_err(id, code, message));
    }

    fn handle(&mut self, event: Event) -> Option<ExitCode> {
        match event {
            Event::Message(Message::Request(request)) => self.on_request(request),
            Event::Message(Message::Notification(n)) => return self.on_notification(n),
            Event::Message(Message::Response(response)) => self.on_response(response),
            Event::Task(task) => self.on_task(task),
            Event::Tick => {}
        }
        None
    }

    fn on_request(&mut self, request: Request) {
        match (&self.phase, request.method.as_str()) {
            (Phase::Uninitialized, req::Initialize::METHOD) => self.initialize(request),
            (Phase::Uninitialized, _) => {
                // LSP: "the server should respond with an error with code -32002".
                let message = "the server is not initialized yet".to_string();
                self.respond_error(request.id, ErrorCode::ServerNotInitialized, message);
            }
            (Phase::ShutDown, _) => {
                // LSP: after `shutdown`, requests error with InvalidRequest.
                let message = "invalid request: the server is shutting down".to_string();
                self.respond_error(request.id, ErrorCode::InvalidRequest, message);
            }
            (Phase::Running, req::Initialize::METHOD) => {
                let message = "initialize was already called".to_string();
                self.respond_error(request.id, ErrorCode::InvalidRequest, message);
            }
            (Phase::Running, req::Shutdown::METHOD) => {
                self.phase = Phase::ShutDown;
                self.client.respond(Response::new_ok(request.id, ()));
            }
            (Phase::Running, req::ExecuteCommand::METHOD) => self.execute_command(request),
            (Phase::Running, _) => self.dispatch(request),
        }
    }

    fn dispatch(&mut self, request: Request) {
        Dispatcher::new(self, request)
            .on::<req::GotoDefinition>(handlers::goto_definition)
            .on::<req::HoverRequest>(handlers::hover)
            .on::<req::DocumentSymbolRequest>(handlers::document_symbols)
            .on::<req::Completion>(handlers::completion)
            .on::<req::ResolveCompletionItem>(handlers::resolve_completion)
            .on::<req::FoldingRangeRequest>(handlers::folding_ranges)
            .on::<req::References>(references::references)
            .on::<req::DocumentHighlightRequest>(references::document_highlight)
            .on::<req::Rename>(references::rename)
            .on::<req::PrepareRenameRequest>(references::prepare_rename)
            .on::<req::CodeActionRequest>(code_actions::code_actions)
            .on::<req::Formatting>(formatting::formatting)
            .on::<req::RangeFormatting>(formatting::range_formatting)
            .on::<req::DocumentLinkRequest>(document_links::document_links)
            .on::<req::CodeLensRequest>(code_lenses::code_lenses)
            .on::<req::InlayHintRequest>(inlay_hints::inlay_hints)
            .on::<req::SignatureHelpRequest>(signature_help::signature_help)
            .on::<req::WorkspaceSymbolRequest>(workspace_symbols::workspace_symbols)
            .on::<req::SelectionRangeRequest>(selection_ranges::selection_ranges)
            .on::<req::SemanticTokensFullRequest>(semantic_tokens::full)
            .on::<req::SemanticTokensFullDeltaRequest>(semantic_tokens::full_delta)
            .on::<req::SemanticTokensRangeRequest>(semantic_tokens::range)
            .finish();
    }

    fn initialize(&mut self, request: Request) {
        let params: InitializeParams = match serde_json::from_value(request.params) {
            Ok(params) => params,
            Err(e) => {
                let message = format!("invalid params for initialize: {e}");
                return self.respond_error(request.id, ErrorCode::InvalidParams, message);
            }
        };
        self.setup = WorkspaceSetup::from_params(&params);
        self.can_read_configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.phase = Phase::Running;
        self.client.respond(Response::new_ok(
            request.id,
            capabilities::initialize_result(),
        ));
    }

    fn on_notification(&mut self, n: Notification) -> Option<ExitCode> {
        if n.method == notif::Exit::METHOD {
            return Some(self.exit_code());
        }
        // Before `initialize` and after `shutdown`, notifications are dropped (LSP).
        if self.phase != Phase::Running {
            return None;
        }
        match n.method.as_str() {
            notif::Initialized::METHOD => self.on_initialized(),
            notif::DidOpenTextDocument::METHOD => {
                if let Some(params) = self.params::<notif::DidOpenTextDocument>(n) {
                    self.did_open(params);
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Some(params) = self.params::<notif::DidChangeTextDocument>(n) {
                    self.did_change(params);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Some(params) = self.params::<notif::DidCloseTextDocument>(n) {
                    self.did_close(params);
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                if let Some(params) = self.params::<notif::DidChangeWatchedFiles>(n) {
                    self.files_changed(&params.changes);
                }
            }
            notif::DidChangeConfiguration::METHOD => {
                if let Some(params) = self.params::<notif::DidChangeConfiguration>(n) {
                    // Clients that push settings send them here; the others are asked.
                    match params.settings.get("firn") {
                        Some(value) => self.apply_settings(Settings::from_json(value)),
                        None => self.read_configuration(),
                    }
                }
            }
            notif::Cancel::METHOD => {
                if let Some(params) = self.params::<notif::Cancel>(n) {
                    let id = match params.id {
                        NumberOrString::Number(n) => RequestId::from(n),
                        NumberOrString::String(s) => RequestId::from(s),
                    };
                    // A running command is interrupted; it answers when it ends.
                    if self.cancel_command(Some(&id), None) {
                        return None;
                    }
                    // Answered now; the worker's answer, when it comes, is dropped.
                    if self.in_flight.contains_key(&id) {
                        let message = "the request was cancelled".to_string();
                        self.respond_error(id, ErrorCode::RequestCanceled, message);
                    }
                }
            }
            notif::WorkDoneProgressCancel::METHOD => {
                if let Some(params) = self.params::<notif::WorkDoneProgressCancel>(n) {
                    self.cancel_command(None, Some(&params.token));
                }
            }
            // Anything else (`didSave`, `$/setTrace`, unknown `$/` ones) needs nothing.
            _ => {}
        }
        None
    }

    /// A notification's parameters; a bad one is logged and dropped (nobody to answer).
    fn params<N: notif::Notification>(&self, n: Notification) -> Option<N::Params>
    where
        N::Params: DeserializeOwned,
    {
        match serde_json::from_value(n.params) {
            Ok(params) => Some(params),
            Err(e) => {
                let message = format!("firn: invalid params for {}: {e}", N::METHOD);
                self.client.log(MessageType::ERROR, message);
                None
            }
        }
    }

    fn on_response(&mut self, response: Response) {
        match self.outgoing.remove(&response.id) {
            Some(Outgoing::Configuration) => {
                if let Ok(value) = response.response_result
                    && let Some(first) = value.as_array().and_then(|a| a.first())
                {
                    self.apply_settings(Settings::from_json(first));
                }
            }
            Some(Outgoing::Acknowledgement) | None => {}
        }
    }

    fn on_task(&mut self, task: Task) {
        match task {
            Task::Response { id, outcome } => self.on_answer(id, outcome),
            Task::Diagnostics {
                uri,
                version,
                job,
                diagnostics,
                pending,
            } => {
                let Some(open) = self.documents.get_mut(&uri) else {
                    return;
                };
                // Option diagnostics still to come: again after a pause, a few times per
                // version (an evaluation that never answers is not waited for forever).
                if pending && diagnostics.is_some() && open.doc.version == version {
                    open.pending_rounds += 1;
                    if open.pending_rounds <= MAX_PENDING_ROUNDS {
                        self.diagnostics_due
                            .insert(uri.clone(), Instant::now() + PENDING_RETRY);
                    }
                }
                let Some(open) = self.documents.get(&uri) else {
                    return;
                };
                if open.diagnostics_job != job {
                    return;
                }
                let current = open.doc.version == version;
                match diagnostics {
                    Some(diagnostics) if current => {
                        let diagnostics = self.with_build_diagnostics(&uri, diagnostics);
                        let params = PublishDiagnosticsParams::new(uri, diagnostics, Some(version));
                        self.client.notify::<notif::PublishDiagnostics>(params);
                    }
                    // Cancelled by a change that did not touch the document: again.
                    None if current => {
                        self.diagnostics_due.insert(uri, Instant::now());
                    }
                    _ => {}
                }
            }
            Task::Index(event) => self.on_index_event(event),
            Task::CommandDone { id, finished } => self.command_done(id, finished),
        }
    }

    fn on_answer(&mut self, id: RequestId, outcome: Result<Vec<u8>, Failure>) {
        // Not in flight: the client cancelled it and has had its answer.
        let Some(flight) = self.in_flight.get_mut(&id) else {
            return;
        };
        match outcome {
            Ok(body) => {
                self.in_flight.remove(&id);
                self.client.send_body(body);
            }
            Err(Failure::Error(e)) => self.respond_error_code(id, e.code, e.message),
            Err(Failure::Cancelled) if flight.retries < MAX_RETRIES => {
                flight.retries += 1;
                let request = flight.request.clone();
                self.dispatch(request);
            }
            Err(Failure::Cancelled) => {
                let message = "the document kept changing while the request ran".to_string();
                self.respond_error(id, ErrorCode::ContentModified, message);
            }
        }
    }

    fn on_initialized(&mut self) {
        self.read_configuration();
        if self.setup.roots.is_empty() {
            return;
        }
        if self.setup.progress {
            let token = NumberOrString::String("firn/indexing".to_string());
            self.send_request::<req::WorkDoneProgressCreate>(
                WorkDoneProgressCreateParams {
                    token: token.clone(),
                },
                Outgoing::Acknowledgement,
            );
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "Indexing".to_string(),
                    percentage: Some(0),
                    ..Default::default()
                }),
            );
            self.indexing_progress = Some(token);
        }
        let roots = self.setup.roots.clone();
        let tasks = self.task_tx.clone();
        let started = std::thread::Builder::new()
            .name("firn-indexer".to_string())
            .stack_size(self.stack_size.min(64 << 20))
            .spawn(move || workspace::index(&roots, |e| tasks.send(Task::Index(e)).is_ok()));
        if let Err(e) = started {
            let message = format!("firn: could not start indexing: {e}");
            self.client.log(MessageType::ERROR, message);
        }
    }

    fn on_index_event(&mut self, event: IndexEvent) {
        match event {
            IndexEvent::Batch { files, read, total } => {
                for (path, text) in files {
                    // Known already: an open document, or read since (its text is newer).
                    if self.host.file(&path).is_none() {
                        self.refresh_flake_lock(&path);
                        self.host.set_file_text(&path, text);
                    }
                }
                self.host_changed();
                if let Some(token) = self.indexing_progress.clone() {
                    let percentage = (read * 100 / total.max(1)) as u32;
                    self.progress(
                        &token,
                        WorkDoneProgress::Report(WorkDoneProgressReport {
                            message: Some(format!("{read}/{total} files")),
                            percentage: Some(percentage),
                            ..Default::default()
                        }),
                    );
                }
            }
            IndexEvent::Done(summary) => {
                if let Some(token) = self.indexing_progress.take() {
                    self.progress(
                        &token,
                        WorkDoneProgress::End(WorkDoneProgressEnd {
                            message: Some(format!("{} files", summary.indexed)),
                        }),
                    );
                }
                if let Some(message) = summary.skipped_message() {
                    self.client.log(MessageType::WARNING, message.clone());
                    self.client.show(MessageType::WARNING, message);
                }
                if self.setup.watch {
                    // A client that refuses still works: files are read when opened.
                    self.send_request::<req::RegisterCapability>(
                        workspace::watcher_registration(),
                        Outgoing::Acknowledgement,
                    );
                }
            }
        }
    }

    fn progress(&self, token: &NumberOrString, progress: WorkDoneProgress) {
        self.client.notify::<notif::Progress>(ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(progress),
        });
    }

    fn send_request<R: req::Request>(&mut self, params: R::Params, kind: Outgoing) {
        self.next_outgoing_id += 1;
        let id = RequestId::from(format!("firn-{}", self.next_outgoing_id));
        self.outgoing.insert(id.clone(), kind);
        let request = Request::new(id, R::METHOD.to_string(), params);
        self.client.send(&Message::Request(request));
    }

    /// Asks the client for the `firn` section of its configuration, if it can answer; the
    /// answer arrives as a response like any other message.
    fn read_configuration(&mut self) {
        if !self.can_read_configuration {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("firn".to_string()),
        };
        self.send_request::<req::WorkspaceConfiguration>(
            ConfigurationParams { items: vec![item] },
            Outgoing::Configuration,
        );
    }

    /// Sets new settings; diagnostics of every open document are published again under them.
    fn apply_settings(&mut self, settings: Settings) {
        if self.settings == settings {
            return;
        }
        if self.settings.options != settings.options {
            let root = self.setup.roots.first().cloned().unwrap_or_default();
            let (setting, errors) =
                analysis::ide::OptionsSetting::new(root, settings.options.clone());
            for e in errors {
                self.client.show(ls_types::MessageType::WARNING, e);
            }
            self.host.set_options_setting(setting);
        }
        self.settings = settings;
        self.redo_all_diagnostics();
    }

    /// Publishes the diagnostics of every open document again (what they depend on that
    /// is not their text changed: settings, a `flake.lock`).
    fn redo_all_diagnostics(&mut self) {
        let now = Instant::now();
        for uri in self.documents.keys() {
            self.diagnostics_due.insert(uri.clone(), now);
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let document = Document::new(&doc.text, doc.version);
        // The text moves into the analyzer: an opened file can be megabytes.
        self.refresh_flake_lock(&path_of(&doc.uri));
        let file = self.host.set_file_text(&path_of(&doc.uri), doc.text);
        // Reopened: snapshots taken before must see the version change.
        let current_version = match self.documents.get(&doc.uri) {
            Some(open) => open.current_version.clone(),
            None => Arc::default(),
        };
        current_version.store(doc.version, Ordering::SeqCst);
        let open = OpenDocument {
            doc: document,
            file,
            current_version,
            dirty: false,
            edits: Some(Vec::new()),
            diagnostics_job: 0,
            pending_rounds: 0,
        };
        self.documents.insert(doc.uri.clone(), open);
        self.load_imports(file);
        self.host_changed();
        self.diagnostics_due.insert(doc.uri, Instant::now());
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(open) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            let edit = open.doc.apply(&change);
            open.edits = match (open.edits.take(), edit) {
                (Some(mut edits), Some(range)) => {
                    edits.push((range, change.text));
                    Some(edits)
                }
                _ => None,
            };
        }
        open.doc.version = params.text_document.version;
        open.pending_rounds = 0;
        open.current_version
            .store(params.text_document.version, Ordering::SeqCst);
        open.dirty = true;
        self.diagnostics_due
            .insert(uri, Instant::now() + DIAGNOSTICS_DELAY);
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(open) = self.documents.remove(&uri) {
            open.current_version.store(i32::MIN, Ordering::SeqCst);
        }
        self.semantic_tokens.forget(&uri);
        self.diagnostics_due.remove(&uri);
        // Unsaved edits are dropped with the buffer: the disk's text is the truth again.
        let path = path_of(&uri);
        self.host.evaluation().set_buffer(path.clone(), None);
        if let Ok(text) = std::fs::read_to_string(&path) {
            self.host.set_file_text(&path, text);
            self.host_changed();
        }
        let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
        self.client.notify::<notif::PublishDiagnostics>(params);
    }

    /// Gives the host the text of every document edited since the last call.
    fn flush_changes(&mut self) {
        let mut changed = false;
        for (uri, open) in self.documents.iter_mut() {
            if open.dirty {
                open.dirty = false;
                changed = true;
                let text = open.doc.rope.to_string();
                // The evaluator reads unsaved buffers too (and drops what it read before).
                self.host
                    .evaluation()
                    .set_buffer(path_of(uri), Some(Arc::from(text.as_str())));
                match open.edits.replace(Vec::new()) {
                    Some(edits) => self.host.edit_text(open.file, &edits, text),
                    None => self.host.set_text(open.file, text),
                }
            }
        }
        if changed {
            self.host_changed();
        }
    }

    /// For a `flake.nix`: gives the host the `flake.lock` beside it (or its absence).
    fn refresh_flake_lock(&mut self, path: &std::path::Path) {
        if !analysis::flake::is_flake(path) {
            return;
        }
        let Some(dir) = path.parent() else {
            return;
        };
        let lock = std::fs::read_to_string(dir.join("flake.lock")).ok();
        self.host.set_flake_lock(dir, lock);
    }

    /// Reads changed files again and forgets deleted ones, except open documents.
    fn files_changed(&mut self, changes: &[FileEvent]) {
        self.host_changed();
        self.host.evaluation().files_changed_on_disk();
        for change in changes {
            if self.documents.contains_key(&change.uri) {
                continue;
            }
            let path = path_of(&change.uri);
            if path.file_name().is_some_and(|n| n == "flake.lock") {
                self.refresh_flake_lock(&path.with_file_name("flake.nix"));
                self.redo_all_diagnostics();
                continue;
            }
            if change.typ == FileChangeType::DELETED {
                self.host.remove_file(&path);
            } else if workspace::is_nix(&path)
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                self.host.set_file_text(&path, text);
            }
        }
    }

    /// Reads the files `file` imports (and those they import) from disk when the analyzer
    /// does not know them yet, so completion after `lib.` can see into `import ./lib`.
    /// Bounded: a package set importing thousands of files loads only the first ones.
    fn load_imports(&mut self, file: SourceFile) {
        let mut queue = vec![file];
        let mut loaded = 0;
        while let Some(file) = queue.pop() {
            // The snapshot must be gone before the host changes (salsa waits for it).
            let targets = self.host.analysis().imports(file).unwrap_or_default();
            for target in targets {
                if loaded == MAX_IMPORTS_LOADED {
                    return;
                }
                if self.host.file(&target).is_some() {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(&target) {
                    queue.push(self.host.set_file_text(&target, text));
                    loaded += 1;
                }
            }
        }
    }

    /// Lowers `file` and resolves its names on a second worker while the diagnostics job
    /// runs the checks that need the syntax tree only: both cores work on a big file's
    /// first diagnostics, and semantic tokens then find the names resolved.
    fn warm_semantics(&mut self, file: SourceFile) {
        let analysis = self.host.analysis();
        let snapshot_token = self.jobs.clone();
        self.pool.spawn(move || {
            let _snapshot_token = snapshot_token;
            // A panic is the diagnostics job's to report: it runs the same queries.
            let _ = catch_unwind(AssertUnwindSafe(|| analysis.resolve_names(file)));
        });
    }

    /// Starts the diagnostics whose quiet period is over, each on a worker.
    fn start_due_diagnostics(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .diagnostics_due
            .iter()
            .filter(|(_, deadline)| **deadline <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        if due.is_empty() {
            return;
        }
        self.flush_changes();
        for uri in due {
            self.diagnostics_due.remove(&uri);
            let Some(open) = self.documents.get_mut(&uri) else {
                continue;
            };
            self.diagnostics_jobs += 1;
            let job = self.diagnostics_jobs;
            open.diagnostics_job = job;
            let (file, version, rope) = (open.file, open.doc.version, open.doc.rope.clone());
            // The first computation of a version does not hold the text's diagnostics back
            // for the option check; the rounds after it wait for it.
            let option_wait = if open.pending_rounds == 0 {
                analysis::OPTION_CHECK_FIRST_WAIT
            } else {
                analysis::OPTION_CHECK_WAIT
            };
            let analysis = self.host.analysis();
            let config = self.settings.diagnostics.clone();
            let tasks = self.task_tx.clone();
            self.warm_semantics(file);
            let snapshot_token = self.jobs.clone();
            self.pool.spawn(move || {
                let _snapshot_token = snapshot_token;
                let computed = catch_unwind(AssertUnwindSafe(|| {
                    match analysis.diagnostics_with_status(file, &config, option_wait) {
                        Ok((found, pending)) => (
                            Some(
                                found
                                    .iter()
                                    .map(|d| diagnostics::to_lsp(&rope, &uri, d))
                                    .collect(),
                            ),
                            pending,
                        ),
                        Err(_) => (None, false),
                    }
                }));
                match computed {
                    Ok((diagnostics, pending)) => {
                        let _ = tasks.send(Task::Diagnostics {
                            uri,
                            version,
                            job,
                            diagnostics,
                            pending,
                        });
                    }
                    Err(panic) => eprintln!(
                        "firn: internal error computing diagnostics: {}",
                        panic_message(&*panic)
                    ),
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ToWriter;
    use crate::world::Outcome;
    use serde_json::{Value, json};
    use std::sync::atomic::AtomicUsize;

    const WAIT: Duration = Duration::from_secs(10);

    fn running() -> (GlobalState, Receiver<ToWriter>) {
        let (out, written) = crossbeam_channel::unbounded();
        let mut state = GlobalState::new(Client::new(out), 8 << 20, || {});
        state.phase = Phase::Running;
        (state, written)
    }

    fn next_written(written: &Receiver<ToWriter>) -> Value {
        loop {
            match written.recv_timeout(WAIT).expect("a message") {
                ToWriter::Body(body) => return serde_json::from_slice(&body).unwrap(),
                ToWriter::Flushed(done) => drop(done.send(())),
            }
        }
    }

    /// Runs the worker's result through the main loop, as `run` would.
    fn deliver_next_task(state: &mut GlobalState) {
        let task = state.task_rx.recv_timeout(WAIT).expect("a task");
        state.on_task(task);
    }

    fn hover_request(id: i32) -> Request {
        let params = json!({ "textDocument": { "uri": "file:///a.nix" },
                             "position": { "line": 0, "character": 0 } });
        Request::new(
            RequestId::from(id),
            "textDocument/hover".to_string(),
            params,
        )
    }

    #[test]
    fn a_panicking_handler_is_an_error_answer_and_the_workers_go_on() {
        let (mut state, written) = running();
        Dispatcher::new(&mut state, hover_request(7))
            .on::<req::HoverRequest>(|_, _| panic!("boom"))
            .finish();
        deliver_next_task(&mut state);
        let answer = next_written(&written);
        assert_eq!(answer["id"], 7, "{answer}");
        assert_eq!(answer["error"]["code"], ErrorCode::InternalError as i32);
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("boom"),
            "{answer}"
        );
        // Every worker still answers (more requests than threads).
        for id in 8..20 {
            state.dispatch(hover_request(id));
        }
        for _ in 8..20 {
            deliver_next_task(&mut state);
            let answer = next_written(&written);
            assert_eq!(answer["result"], Value::Null, "{answer}");
        }
        assert!(state.in_flight.is_empty());
    }

    #[test]
    fn a_cancelled_request_runs_again_and_is_answered_once() {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let (mut state, written) = running();
        let request = hover_request(3);
        let handler = |_: World, _: HoverParams| -> Outcome<Option<Hover>> {
            match RUNS.fetch_add(1, Ordering::SeqCst) {
                0 => Err(Failure::Cancelled),
                _ => Ok(None),
            }
        };
        Dispatcher::new(&mut state, request.clone())
            .on::<req::HoverRequest>(handler)
            .finish();
        // The cancelled run: the main loop dispatches the request again (through the
        // regular table, whose hover answers `null` for an unknown document).
        deliver_next_task(&mut state);
        assert_eq!(state.in_flight[&request.id].retries, 1);
        deliver_next_task(&mut state);
        let answer = next_written(&written);
        assert_eq!(answer["id"], 3);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        assert!(written.try_recv().is_err(), "answered once");
        assert!(state.in_flight.is_empty());
    }

    #[test]
    fn a_request_cancelled_by_the_client_is_answered_at_once_and_only_once() {
        let (mut state, written) = running();
        Dispatcher::new(&mut state, hover_request(5))
            .on::<req::HoverRequest>(|_, _| {
                std::thread::sleep(Duration::from_millis(100));
                Ok(None)
            })
            .finish();
        let cancel = Notification::new(notif::Cancel::METHOD.to_string(), json!({ "id": 5 }));
        state.on_notification(cancel);
        let answer = next_written(&written);
        assert_eq!(answer["error"]["code"], ErrorCode::RequestCanceled as i32);
        deliver_next_task(&mut state);
        assert!(written.try_recv().is_err(), "the late answer is dropped");
    }
}
