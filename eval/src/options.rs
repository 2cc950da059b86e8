//! What an evaluation may see and do.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// One `-I` / `NIX_PATH` entry: `prefix=path`, or a bare path (empty prefix).
#[derive(Clone, Debug)]
pub struct SearchPathEntry {
    pub prefix: String,
    pub path: String,
}

impl SearchPathEntry {
    pub fn parse(s: &str) -> SearchPathEntry {
        match s.split_once('=') {
            Some((prefix, path)) => SearchPathEntry {
                prefix: prefix.to_string(),
                path: path.to_string(),
            },
            None => SearchPathEntry {
                prefix: String::new(),
                path: s.to_string(),
            },
        }
    }
}

/// Where `builtins.trace` and warnings go.
pub type MessageSink = Rc<dyn Fn(&str)>;

#[derive(Clone)]
pub struct EvalOptions {
    /// `-I` entries first, then `NIX_PATH`'s.
    pub search_path: Vec<SearchPathEntry>,
    pub store_dir: String,
    pub current_system: String,
    pub show_trace: bool,
    /// Nix's `max-call-depth` (default 10000).
    pub max_call_depth: usize,
    pub pipe_operators: bool,
    /// `fromTOML` returns timestamps as `{ _type = "timestamp"; value; }` (Nix's
    /// `parse-toml-timestamps` feature) instead of failing.
    pub toml_timestamps: bool,
    /// Set by another thread to stop the evaluation with an `Interrupted` error.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// A call budget and a memory ceiling (none by default).
    pub limits: crate::limits::Limits,
    /// `trace: …` and `warning: …` lines.
    pub messages: MessageSink,
    /// The path and URL literal lints, applied to every file compiled.
    pub lints: crate::lints::LiteralLints,
    /// Whether `builtins.currentTime`, `getEnv` and friends see the real environment.
    pub impure: bool,
    /// Whether git inputs may be read by running `git` (read-only commands, as Nix does);
    /// off in the editor, which never runs a program on opening a workspace.
    pub run_git: bool,
    /// An editor's evaluation: adds `builtins.__firnFlakeInputs`.
    pub editor: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            search_path: Vec::new(),
            store_dir: "/nix/store".to_string(),
            current_system: default_system(),
            show_trace: false,
            max_call_depth: 10_000,
            pipe_operators: false,
            toml_timestamps: false,
            interrupt: None,
            limits: Default::default(),
            messages: Rc::new(|m| eprintln!("{m}")),
            impure: true,
            run_git: true,
            editor: false,
            lints: Default::default(),
        }
    }
}

fn default_system() -> String {
    let arch = std::env::consts::ARCH;
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    format!("{arch}-{os}")
}
