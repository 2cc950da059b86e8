//! The incremental analyzer: a salsa database of Nix files and the questions tools ask of
//! them (diagnostics with fixes, name resolution, the import graph).
//!
//! Invariants (see `ARCHITECTURE.md`): no LSP types here, positions are byte offsets, and
//! every answer for a file is a salsa query, so edits recompute only what they touch.

pub mod builtin_docs;
mod db;
pub mod diagnostics;
pub mod evaluation;
mod fix_all;
pub mod flake;
pub mod hir;
pub mod ide;
pub mod imports;
mod lowering;
pub mod name_res;
pub mod options;

pub use db::{
    Db, RootDatabase, SourceFile, Workspace, file_diagnostics, file_imports, files_by_path, lower,
    module, name_resolution, parse,
};
pub use diagnostics::{Diagnostic, DiagnosticCode, DiagnosticsConfig, Fix, Severity, TextEdit};
pub use fix_all::fix_all;
pub use formatter::Options as FormatOptions;
pub use salsa::Cancelled;

use salsa::Setter;
use std::path::{Path, PathBuf};

/// Owns the database and applies changes (rust-analyzer's `AnalysisHost`).
#[derive(Default)]
pub struct AnalysisHost {
    db: RootDatabase,
    /// Sorted by path, so the workspace input is rebuilt without sorting (opening files one
    /// by one stays linear).
    files: std::collections::BTreeMap<PathBuf, SourceFile>,
    workspace: Option<Workspace>,
    /// Files were added or removed since the workspace input was last set.
    files_changed: bool,
    evaluation: std::sync::Arc<evaluation::EvalService>,
    /// The text of each `flake.lock`, by directory (given by the server, which reads disk).
    flake_locks: FlakeLocks,
    options_setting: std::sync::Arc<ide::OptionsSetting>,
}

type FlakeLocks = std::sync::Arc<std::collections::BTreeMap<PathBuf, std::sync::Arc<str>>>;

impl AnalysisHost {
    pub fn new(db: RootDatabase) -> Self {
        AnalysisHost {
            db,
            ..Default::default()
        }
    }

    /// Sets a file's text, adding the file if it is new. Cancels queries still running on
    /// snapshots taken before.
    pub fn set_file_text(&mut self, path: &Path, text: String) -> SourceFile {
        if let Some(&file) = self.files.get(path) {
            self.set_text(file, text);
            return file;
        }
        let file = SourceFile::new(&self.db, path.to_path_buf(), text, None);
        self.files.insert(path.to_path_buf(), file);
        self.files_changed = true;
        file
    }

    /// Forgets a file (deleted on disk). Its `SourceFile` stays valid but leaves the
    /// workspace, so imports and searches no longer see it.
    pub fn remove_file(&mut self, path: &Path) {
        if self.files.remove(path).is_some() {
            self.files_changed = true;
        }
    }

    /// Sets the workspace input once for a batch of added files (setting it per file would
    /// be quadratic when loading a workspace).
    fn sync_workspace(&mut self) {
        if !self.files_changed {
            return;
        }
        self.files_changed = false;
        let all: Vec<SourceFile> = self.files.values().copied().collect();
        match self.workspace {
            Some(ws) => {
                ws.set_files(&mut self.db).to(all);
            }
            None => self.workspace = Some(Workspace::new(&self.db, all)),
        }
    }

    /// Replaces the text of a file already known.
    pub fn set_text(&mut self, file: SourceFile, text: String) {
        file.set_text(&mut self.db).to(text);
        if file.reparsed(&self.db).is_some() {
            file.set_reparsed(&mut self.db).to(None);
        }
    }

    /// Replaces the text of a file already known with `text`, which is its current text
    /// with `edits` applied in order (each a byte range of the text before it and what
    /// replaces it). Edits inside one token (typing a name) patch the last parse instead of
    /// parsing the file again: on a large file, a keystroke's parse goes from milliseconds
    /// to microseconds.
    pub fn edit_text(
        &mut self,
        file: SourceFile,
        edits: &[(syntax::TextRange, String)],
        text: String,
    ) {
        // Edits of another text than the current one (a caller's bug) are parsed in full.
        let old_len = file.text(&self.db).len();
        let deleted: usize = edits.iter().map(|(r, _)| usize::from(r.len())).sum();
        let inserted: usize = edits.iter().map(|(_, t)| t.len()).sum();
        if old_len + inserted != text.len() + deleted {
            return self.set_text(file, text);
        }
        let mut reparsed = Some(parse(&self.db, file).clone());
        for (range, insert) in edits {
            reparsed = reparsed.and_then(|p| p.reparse_token(*range, insert));
        }
        let Some(reparsed) = reparsed else {
            return self.set_text(file, text);
        };
        debug_assert!(
            reparsed == syntax::parse(&text),
            "the incremental parse differs from the parser's"
        );
        file.set_text(&mut self.db).to(text);
        file.set_reparsed(&mut self.db).to(Some(reparsed));
    }

    pub fn text(&self, file: SourceFile) -> &str {
        file.text(&self.db)
    }

    pub fn file(&self, path: &Path) -> Option<SourceFile> {
        self.files.get(path).copied()
    }

    /// Frees the results that edits replaced. salsa keeps a replaced result until the next
    /// change, in case a snapshot still reads it, so an idle server would hold two
    /// versions of everything; call this when no snapshot is out (it would cancel them).
    pub fn collect_garbage(&mut self) {
        use salsa::Database;
        self.db.trigger_lru_eviction();
    }

    /// A snapshot to query, possibly on another thread.
    pub fn analysis(&mut self) -> Analysis {
        self.sync_workspace();
        Analysis {
            db: self.db.clone(),
            workspace: self.workspace,
            evaluation: self.evaluation.clone(),
            flake_locks: self.flake_locks.clone(),
            options_setting: self.options_setting.clone(),
        }
    }

    /// Sets the module systems named by hand (the `firn.options` setting).
    pub fn set_options_setting(&mut self, setting: ide::OptionsSetting) {
        self.options_setting = std::sync::Arc::new(setting);
    }

    /// Sets (or, with `None`, forgets) the `flake.lock` of the flake in `dir`.
    pub fn set_flake_lock(&mut self, dir: &Path, text: Option<String>) {
        let locks = std::sync::Arc::make_mut(&mut self.flake_locks);
        match text {
            Some(t) => locks.insert(dir.to_path_buf(), t.into()),
            None => locks.remove(dir),
        };
    }

    /// The evaluation service: tell it about unsaved buffers (`set_buffer`).
    pub fn evaluation(&self) -> &evaluation::EvalService {
        &self.evaluation
    }
}

/// How long a completion waits for the evaluator before answering without it (an
/// incomplete list: the evaluation goes on, and its answer is there for the next request).
/// Long enough for a configuration's first evaluation (about a second for home-manager):
/// editors re-ask an incomplete list only while it shows something, so an empty one
/// right after `.` would leave the user with nothing until the next keystroke.
pub const EVALUATION_WAIT: std::time::Duration = std::time::Duration::from_millis(1000);

/// How long diagnostics first wait for the options of a module's configuration to be
/// checked: the text's own diagnostics are not held back longer than this (the option
/// check is published when it answers).
pub const OPTION_CHECK_FIRST_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

/// How long diagnostics wait for the option check when asking again.
pub const OPTION_CHECK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long hover and go to definition wait for the evaluator: they answer one explicit
/// request, so a cold configuration (a second or two) is worth waiting for rather than
/// answering from the text alone.
pub const EXPLICIT_REQUEST_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Hover from evaluation and from the text: a value documented elsewhere (nixpkgs' lib)
/// comes first; a value the text defines gets its rendering after what the text says.
fn combine_hovers(
    evaluated: Option<ide::EvaluatedHover>,
    textual: Option<ide::HoverResult>,
) -> Option<ide::HoverResult> {
    let Some(evaluated) = evaluated else {
        return textual;
    };
    let rule = "\n---\n\n";
    match (evaluated.documented, textual, evaluated.rendering) {
        (Some(mut doc), Some(text), _) => {
            doc.markdown.push_str(rule);
            doc.markdown.push_str(&text.markdown);
            Some(doc)
        }
        (Some(doc), None, _) => Some(doc),
        (None, Some(mut text), Some(rendering)) => {
            text.markdown
                .push_str(&format!("{rule}evaluates to\n\n```nix\n{rendering}\n```\n"));
            Some(text)
        }
        (None, text, _) => text,
    }
}

/// A read-only snapshot of the database. Queries return `Err(Cancelled)` when the host
/// changes the database while they run.
pub struct Analysis {
    db: RootDatabase,
    workspace: Option<Workspace>,
    evaluation: std::sync::Arc<evaluation::EvalService>,
    flake_locks: FlakeLocks,
    options_setting: std::sync::Arc<ide::OptionsSetting>,
}

pub type Cancellable<T> = Result<T, Cancelled>;

impl Analysis {
    pub fn db(&self) -> &RootDatabase {
        &self.db
    }

    fn evaluator(&self, wait: std::time::Duration) -> evaluation::Evaluator<'_> {
        evaluation::Evaluator {
            db: &self.db,
            workspace: self.workspace,
            service: &self.evaluation,
            wait,
            options: &self.options_setting,
        }
    }

    /// For a `flake.nix`: `Some` with its lock's text, if it has one.
    fn flake_lock_of(&self, file: SourceFile) -> Option<Option<std::sync::Arc<str>>> {
        let path = file.path(&self.db);
        if !flake::is_flake(path) {
            return None;
        }
        let dir = path.parent()?;
        Some(self.flake_locks.get(dir).cloned())
    }

    /// Diagnostics of a file, filtered and re-graded by `config`.
    pub fn diagnostics(
        &self,
        file: SourceFile,
        config: &DiagnosticsConfig,
    ) -> Cancellable<Vec<Diagnostic>> {
        self.diagnostics_with_status(file, config, OPTION_CHECK_WAIT)
            .map(|(d, _)| d)
    }

    /// Diagnostics, and whether some are still to come: the evaluator had not answered
    /// the option check within `option_wait` (ask again later; the check goes on).
    pub fn diagnostics_with_status(
        &self,
        file: SourceFile,
        config: &DiagnosticsConfig,
        option_wait: std::time::Duration,
    ) -> Cancellable<(Vec<Diagnostic>, bool)> {
        Cancelled::catch(|| {
            let text = file.text(&self.db);
            let mut all = file_diagnostics(&self.db, file).clone();
            if let Some(lock) = self.flake_lock_of(file) {
                all.extend(flake::diagnostics(&self.db, file, lock.as_deref()));
            }
            // Diagnostics run off the main loop: they may wait for the evaluator longer.
            let mut pending = false;
            all.extend(ide::option_diagnostics(
                &self.evaluator(option_wait),
                file,
                &mut pending,
            ));
            let shown = all
                .into_iter()
                .filter_map(|d| config.apply(d, text))
                .collect();
            (shown, pending)
        })
    }

    pub fn goto_definition(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Vec<ide::NavigationTarget>> {
        Cancelled::catch(|| {
            if let Some(lock) = self.flake_lock_of(file)
                && let Some(path) = flake::input_definition(&self.db, file, offset, lock.as_deref())
            {
                return vec![ide::NavigationTarget {
                    path,
                    range: syntax::TextRange::empty(0.into()),
                }];
            }
            if let Some(targets) =
                ide::option_definition(&self.evaluator(EXPLICIT_REQUEST_WAIT), file, offset)
            {
                return targets;
            }
            let targets = ide::goto_definition(&self.db, self.workspace, file, offset);
            if !targets.is_empty() {
                return targets;
            }
            ide::evaluated_definition(&self.evaluator(EXPLICIT_REQUEST_WAIT), file, offset)
        })
    }

    /// The definitions (first) and uses of the binding at `offset`, in every known file.
    pub fn references(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Vec<ide::Reference>> {
        Cancelled::catch(|| ide::references(&self.db, self.workspace, file, offset))
    }

    pub fn hover(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Option<ide::HoverResult>> {
        Cancelled::catch(|| {
            if let Some(lock) = self.flake_lock_of(file)
                && let Some(hover) = flake::input_hover(&self.db, file, offset, lock.as_deref())
            {
                return Some(hover);
            }
            if let Some(hover) =
                ide::option_hover(&self.evaluator(EXPLICIT_REQUEST_WAIT), file, offset)
            {
                return Some(hover);
            }
            // What the value is, when the evaluator can say, before what the text says.
            let evaluated =
                ide::evaluated_hover(&self.evaluator(EXPLICIT_REQUEST_WAIT), file, offset);
            let textual = ide::hover(&self.db, file, offset);
            combine_hovers(evaluated, textual)
        })
    }

    pub fn document_symbols(&self, file: SourceFile) -> Cancellable<Vec<ide::DocumentSymbol>> {
        Cancelled::catch(|| ide::document_symbols(&self.db, file))
    }

    pub fn completions(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Vec<ide::CompletionItem>> {
        self.completion_list(file, offset).map(|(items, _)| items)
    }

    /// An item of the completion list made at `offset`: its type and documentation
    /// (Markdown), when the evaluator knows them.
    pub fn completion_documentation(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
        label: &str,
    ) -> Cancellable<Option<(String, String)>> {
        Cancelled::catch(|| {
            ide::completion_documentation(&self.evaluator(EVALUATION_WAIT), file, offset, label)
        })
    }

    /// The completions at `offset`, and whether the list is incomplete: an evaluation it
    /// needs had not answered within `EVALUATION_WAIT` (ask again: it goes on).
    pub fn completion_list(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<(Vec<ide::CompletionItem>, bool)> {
        Cancelled::catch(|| {
            let waiting = |f: &evaluation::Failure| {
                matches!(
                    f,
                    evaluation::Failure::TimedOut | evaluation::Failure::Cancelled
                )
            };
            // The options a module can set, where it belongs to a configuration.
            let mut incomplete = false;
            match ide::option_completions(&self.evaluator(EVALUATION_WAIT), file, offset) {
                Some(Ok(items)) if !items.is_empty() => return (items, false),
                Some(Err(f)) => incomplete |= waiting(&f),
                _ => {}
            }
            match ide::option_value_completions(&self.evaluator(EVALUATION_WAIT), file, offset) {
                Some(Ok(items)) if !items.is_empty() => return (items, false),
                Some(Err(f)) => incomplete |= waiting(&f),
                _ => {}
            }
            let mut items = ide::flake_output_completions(&self.db, file, offset);
            for item in ide::completions(&self.db, self.workspace, file, offset) {
                if !items.iter().any(|i| i.label == item.label) {
                    items.push(item);
                }
            }
            if !items.is_empty() {
                return (items, incomplete);
            }
            match ide::evaluated_completions(&self.evaluator(EVALUATION_WAIT), file, offset) {
                Some(Ok(items)) => (items, incomplete),
                Some(Err(f)) => (items, incomplete || waiting(&f)),
                None => (items, incomplete),
            }
        })
    }

    /// The edits, file by file, renaming the binding at `offset` everywhere it is used, or
    /// why it cannot be renamed.
    pub fn rename(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
        new_name: &str,
    ) -> Cancellable<Result<Vec<ide::FileEdits>, String>> {
        Cancelled::catch(|| ide::rename(&self.db, self.workspace, file, offset, new_name))
    }

    pub fn prepare_rename(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Result<syntax::TextRange, String>> {
        Cancelled::catch(|| ide::prepare_rename(&self.db, self.workspace, file, offset))
    }

    pub fn folding_ranges(&self, file: SourceFile) -> Cancellable<Vec<syntax::TextRange>> {
        Cancelled::catch(|| ide::folding_ranges(&self.db, file))
    }

    /// The edit formatting the whole file, or why it was left alone.
    pub fn format(
        &self,
        file: SourceFile,
        options: &FormatOptions,
    ) -> Cancellable<Result<Vec<TextEdit>, ide::FormatRefusal>> {
        Cancelled::catch(|| ide::format_file(&self.db, file, options))
    }

    /// The edits formatting the smallest whole nodes covering `range`.
    pub fn format_range(
        &self,
        file: SourceFile,
        range: syntax::TextRange,
        options: &FormatOptions,
    ) -> Cancellable<Result<Vec<TextEdit>, ide::FormatRefusal>> {
        Cancelled::catch(|| ide::format_range(&self.db, file, range, options))
    }

    /// Semantic tokens of the file, or of those touching `range`.
    /// Computes (or finds) the file's HIR and name resolution, which most features stand
    /// on: a warm-up to run beside other work.
    pub fn resolve_names(&self, file: SourceFile) -> Cancellable<()> {
        Cancelled::catch(|| {
            name_resolution(&self.db, file);
        })
    }

    pub fn semantic_tokens(
        &self,
        file: SourceFile,
        range: Option<syntax::TextRange>,
    ) -> Cancellable<Vec<ide::HighlightedRange>> {
        Cancelled::catch(|| match range {
            None => db::highlights(&self.db, file).clone(),
            Some(_) => ide::semantic_tokens(&self.db, file, range),
        })
    }

    /// For each offset, the ranges of the syntax around it, innermost first.
    pub fn selection_ranges(
        &self,
        file: SourceFile,
        offsets: &[syntax::TextSize],
    ) -> Cancellable<Vec<Vec<syntax::TextRange>>> {
        Cancelled::catch(|| ide::selection_ranges(&self.db, file, offsets))
    }

    /// Links to the files paths name and to URLs.
    /// The module system a module belongs to (found from the text: nothing is evaluated).
    pub fn module_system(&self, file: SourceFile) -> Cancellable<Option<ide::ModuleSystem>> {
        Cancelled::catch(|| {
            ide::module_system(
                &self.db,
                self.workspace,
                &self.options_setting,
                file.path(&self.db),
            )
        })
    }

    /// "Build" / "Develop" lenses over what can be built (nothing is evaluated).
    pub fn build_lenses(&self, file: SourceFile) -> Cancellable<Vec<ide::BuildLens>> {
        Cancelled::catch(|| ide::build_lenses(&self.db, file))
    }

    pub fn document_links(&self, file: SourceFile) -> Cancellable<Vec<ide::DocumentLink>> {
        Cancelled::catch(|| ide::document_links(&self.db, file))
    }

    /// The inlay hints shown within `range`.
    pub fn inlay_hints(
        &self,
        file: SourceFile,
        range: syntax::TextRange,
    ) -> Cancellable<Vec<ide::InlayHint>> {
        Cancelled::catch(|| ide::inlay_hints(&self.db, file, range))
    }

    /// The function applied at `offset` and the parameter being typed.
    pub fn signature_help(
        &self,
        file: SourceFile,
        offset: syntax::TextSize,
    ) -> Cancellable<Option<ide::SignatureHelp>> {
        Cancelled::catch(|| ide::signature_help(&self.db, file, offset))
    }

    /// The bindings of every known file that match `query`, best first.
    pub fn workspace_symbols(&self, query: &str) -> Cancellable<Vec<ide::WorkspaceSymbol>> {
        Cancelled::catch(|| match self.workspace {
            Some(ws) => ide::workspace_symbols(&self.db, ws, query),
            None => Vec::new(),
        })
    }

    /// The text of the known file at `path`.
    pub fn file_text(&self, path: &Path) -> Option<&str> {
        let file = files_by_path(&self.db, self.workspace?).get(path)?;
        Some(file.text(&self.db).as_str())
    }

    /// The paths `file` imports.
    pub fn imports(&self, file: SourceFile) -> Cancellable<Vec<PathBuf>> {
        Cancelled::catch(|| {
            file_imports(&self.db, file)
                .iter()
                .map(|i| i.target.clone())
                .collect()
        })
    }

    /// The refactors applying to the code at `range`.
    pub fn refactors(
        &self,
        file: SourceFile,
        range: syntax::TextRange,
    ) -> Cancellable<Vec<ide::Refactor>> {
        Cancelled::catch(|| ide::refactors(&self.db, file, range))
    }

    /// Every import edge of the workspace: (importing file, imported path).
    pub fn import_graph(&self) -> Cancellable<Vec<(PathBuf, PathBuf)>> {
        Cancelled::catch(|| {
            let Some(ws) = self.workspace else {
                return Vec::new();
            };
            let mut edges = Vec::new();
            for file in ws.files(&self.db) {
                for import in file_imports(&self.db, *file) {
                    edges.push((file.path(&self.db).clone(), import.target.clone()));
                }
            }
            edges
        })
    }
}
