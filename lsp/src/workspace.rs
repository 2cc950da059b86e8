//! The workspace on disk: every `*.nix` below the workspace folders is read after
//! `initialized`, on a thread of its own, and handed to the main loop in batches (which
//! reports `$/progress`); files changed on disk are read again by the main loop
//! (`workspace/didChangeWatchedFiles`). An open document's text always wins over the disk's.
//! Caps on the number and size of files keep a huge checkout from filling memory; what is
//! skipped is said.

use super::path_of;
use ls_types::*;
use std::path::{Path, PathBuf};

/// Files read per batch: the main loop applies a batch in one turn, so requests and edits
/// interleave with indexing.
const BATCH: usize = 64;

/// What `initialize` told us about the workspace and the client.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkspaceSetup {
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
pub(crate) fn scan(roots: &[PathBuf]) -> Vec<PathBuf> {
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

/// Files the workspace scan reads at most: a checkout of nixpkgs holds some 40,000.
pub(crate) const MAX_INDEXED_FILES: usize = 20_000;
/// Larger files (generated package sets such as `hackage-packages.nix`) are not indexed;
/// opening one still analyses it.
pub(crate) const MAX_INDEXED_FILE_SIZE: u64 = 4 << 20;

/// What the indexing thread reports to the main loop.
pub(crate) enum IndexEvent {
    /// Files read from disk, and how far along the scan is.
    Batch {
        files: Vec<(PathBuf, String)>,
        read: usize,
        total: usize,
    },
    Done(IndexSummary),
}

pub(crate) struct IndexSummary {
    pub indexed: usize,
    /// Files left out for their size.
    pub too_large: Vec<PathBuf>,
    /// Files left out beyond [`MAX_INDEXED_FILES`].
    pub over_count: usize,
}

impl IndexSummary {
    /// What to tell the user when files were left out.
    pub fn skipped_message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.too_large.is_empty() {
            let examples: Vec<String> = self
                .too_large
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            parts.push(format!(
                "{} file(s) over {} MiB ({}{})",
                self.too_large.len(),
                MAX_INDEXED_FILE_SIZE >> 20,
                examples.join(", "),
                if self.too_large.len() > 3 {
                    ", …"
                } else {
                    ""
                }
            ));
        }
        if self.over_count > 0 {
            parts.push(format!(
                "{} file(s) beyond the first {MAX_INDEXED_FILES}",
                self.over_count
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "firn indexed {} files and skipped {}: references and completion do not see \
                 into them until they are opened",
                self.indexed,
                parts.join(" and ")
            )
        })
    }
}

/// Reads the workspace below `roots` in batches, reporting each to `send` (which returns
/// false when nobody listens any more). Runs on a thread of its own.
pub(crate) fn index(roots: &[PathBuf], send: impl Fn(IndexEvent) -> bool) {
    let mut paths = scan(roots);
    let over_count = paths.len().saturating_sub(MAX_INDEXED_FILES);
    paths.truncate(MAX_INDEXED_FILES);
    let mut too_large = Vec::new();
    paths.retain(|p| {
        let small = std::fs::metadata(p).is_ok_and(|m| m.len() <= MAX_INDEXED_FILE_SIZE);
        if !small && p.is_file() {
            too_large.push(p.clone());
        }
        small
    });
    let total = paths.len();
    let mut read = 0;
    for batch in paths.chunks(BATCH) {
        read += batch.len();
        let files = read_all(batch);
        if !send(IndexEvent::Batch { files, read, total }) {
            return;
        }
    }
    send(IndexEvent::Done(IndexSummary {
        indexed: total,
        too_large,
        over_count,
    }));
}

fn read_all(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    paths
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(p).ok()?)))
        .collect()
}

/// The registration asking the client to report changes to `*.nix` files and to lock files.
pub(crate) fn watcher_registration() -> RegistrationParams {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: ["**/*.nix", "**/flake.lock"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect(),
    };
    RegistrationParams {
        registrations: vec![Registration {
            id: "firn/watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    }
}

pub(crate) fn is_nix(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "nix")
}
