//! The workspace on disk: every `*.nix` below the workspace folders is read into the
//! analyzer after `initialized` (off the request path, in batches, with `$/progress`), and
//! files changed on disk are read again (`workspace/didChangeWatchedFiles`). An open
//! document's text always wins over the disk's.

use super::{State, path_of};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

/// Files read per batch: the state lock is taken once per batch, so requests and edits
/// interleave with indexing.
const BATCH: usize = 64;

/// What `initialize` told us about the workspace and the client.
#[derive(Clone, Debug, Default)]
pub(super) struct WorkspaceSetup {
    pub roots: Vec<PathBuf>,
    /// The client shows `$/progress` for tokens it is asked to create.
    pub progress: bool,
    /// The client watches files for us if we register the glob.
    pub watch: bool,
}

impl WorkspaceSetup {
    pub fn from_params(params: &InitializeParams) -> Self {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| path_of(&f.uri))
            .collect();
        #[allow(deprecated)] // Older clients send only `rootUri`.
        if roots.is_empty()
            && let Some(uri) = &params.root_uri
        {
            roots.push(path_of(uri));
        }
        let caps = &params.capabilities;
        WorkspaceSetup {
            roots,
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        }
    }
}

/// Every `*.nix` file below `roots`, sorted, skipping `.git`, `node_modules` and `result*`
/// (Nix build outputs, usually symlinks into the store). Symlinked directories are not
/// followed, so a link cycle cannot trap the scan.
pub(super) fn scan(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name == ".git" || name == "node_modules" || name.starts_with("result") {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if name.ends_with(".nix") && path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Reads the workspace into the analyzer, reporting progress if the client shows it.
pub(super) async fn index(client: Client, state: Arc<Mutex<State>>, setup: WorkspaceSetup) {
    if setup.roots.is_empty() {
        return;
    }
    let token = NumberOrString::String("firn/indexing".to_string());
    let progress = if setup.progress {
        let created = client
            .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await;
        match created {
            Ok(()) => Some(
                client
                    .progress(token, "Indexing")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(_) => None,
        }
    } else {
        None
    };
    let roots = setup.roots.clone();
    let paths = tokio::task::spawn_blocking(move || scan(&roots))
        .await
        .unwrap_or_default();
    let total = paths.len();
    for (done, batch) in paths.chunks(BATCH).enumerate() {
        let batch = batch.to_vec();
        let texts = tokio::task::spawn_blocking(move || read_all(batch))
            .await
            .unwrap_or_default();
        {
            let mut state = state.lock().expect("state lock");
            for (path, text) in texts {
                // Known already: an open document, or read since (its text is newer).
                if state.host.file(&path).is_none() {
                    state.host.set_file_text(&path, text);
                }
            }
        }
        if let Some(progress) = &progress {
            let read = ((done + 1) * BATCH).min(total);
            let percentage = (read * 100 / total.max(1)) as u32;
            progress
                .report_with_message(format!("{read}/{total} files"), percentage)
                .await;
        }
    }
    if let Some(progress) = progress {
        progress.finish_with_message(format!("{total} files")).await;
    }
    if setup.watch {
        register_watcher(&client).await;
    }
}

fn read_all(paths: Vec<PathBuf>) -> Vec<(PathBuf, String)> {
    paths
        .into_iter()
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
        .collect()
}

/// Asks the client to report changes to `*.nix` files.
async fn register_watcher(client: &Client) {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.nix".to_string()),
            kind: None,
        }],
    };
    let registration = Registration {
        id: "firn/watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    // A client that refuses still works: files are read when opened.
    let _ = client.register_capability(vec![registration]).await;
}

/// Reads changed files again and forgets deleted ones, except open documents.
pub(super) fn files_changed(state: &mut State, changes: &[FileEvent]) {
    for change in changes {
        if state.documents.contains_key(&change.uri) {
            continue;
        }
        let path = path_of(&change.uri);
        if change.typ == FileChangeType::DELETED {
            state.host.remove_file(&path);
        } else if is_nix(&path)
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            state.host.set_file_text(&path, text);
        }
    }
}

fn is_nix(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "nix")
}
