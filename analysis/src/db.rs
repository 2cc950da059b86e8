//! The salsa database: file texts are inputs; everything else is a tracked query, so an edit
//! recomputes only what depends on the edited file.

use crate::diagnostics::{self, Diagnostic};
use crate::hir::{Module, SourceMap};
use crate::imports::{self, Import};
use crate::name_res::{self, NameResolution};
use std::path::PathBuf;
use std::sync::Arc;

/// One Nix file: its path (for diagnostics and resolving imports) and its current text.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: PathBuf,
    #[returns(ref)]
    pub text: String,
    /// The parse of `text` when the host made it from the last one (an edit inside a
    /// token); `None` when `text` is to be parsed.
    #[returns(ref)]
    pub reparsed: Option<syntax::Parse>,
}

/// The set of files the analyzer knows (the workspace, plus open buffers).
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub files: Vec<SourceFile>,
}

#[salsa::db]
pub trait Db: salsa::Database {}

#[salsa::db]
#[derive(Clone, Default)]
pub struct RootDatabase {
    storage: salsa::Storage<Self>,
}

impl RootDatabase {
    /// A database that reports every salsa event to `on_event` (tests watch re-execution).
    pub fn with_event_callback(on_event: impl Fn(salsa::Event) + Send + Sync + 'static) -> Self {
        RootDatabase {
            storage: salsa::Storage::new(Some(Box::new(on_event))),
        }
    }
}

#[salsa::db]
impl salsa::Database for RootDatabase {}

#[salsa::db]
impl Db for RootDatabase {}

#[salsa::tracked(returns(ref))]
pub fn parse(db: &dyn Db, file: SourceFile) -> syntax::Parse {
    match file.reparsed(db) {
        Some(parse) => parse.clone(),
        None => syntax::parse(file.text(db)),
    }
}

/// The HIR and its source map, computed together. The HIR is shared with `module`, not
/// copied (a large file's HIR is megabytes).
#[salsa::tracked(returns(ref))]
pub fn lower(db: &dyn Db, file: SourceFile) -> (Arc<Module>, SourceMap) {
    let (module, source_map) = crate::lowering::lower(&parse(db, file).tree());
    (Arc::new(module), source_map)
}

/// The HIR alone: equal after edits that only move text, so what depends on it is reused.
#[salsa::tracked(returns(ref))]
pub fn module(db: &dyn Db, file: SourceFile) -> Arc<Module> {
    lower(db, file).0.clone()
}

#[salsa::tracked(returns(ref))]
pub fn name_resolution(db: &dyn Db, file: SourceFile) -> NameResolution {
    name_res::resolve(module(db, file))
}

/// The whole file's semantic highlighting, kept: editors ask for it again on every change
/// of view, and a delta request compares it with the last one.
#[salsa::tracked(returns(ref))]
pub fn highlights(db: &dyn Db, file: SourceFile) -> Vec<crate::ide::HighlightedRange> {
    crate::ide::semantic_tokens(db, file, None)
}

#[salsa::tracked(returns(ref))]
pub fn file_diagnostics(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    diagnostics::compute(db, file)
}

/// The files this file imports (`import ./p`, `callPackage ./p`, `imports = [ ./p ]`).
#[salsa::tracked(returns(ref))]
pub fn file_imports(db: &dyn Db, file: SourceFile) -> Vec<Import> {
    imports::collect(db, file)
}

/// The `callPackage ./p …` calls in this file.
#[salsa::tracked(returns(ref))]
pub fn package_calls(db: &dyn Db, file: SourceFile) -> Vec<imports::PackageCall> {
    imports::package_calls(db, file)
}

/// Who calls each file with `callPackage`, by the file's path: the calling file and the
/// call, in path order. Each file's calls are cached; this map is rebuilt when a file
/// changes, from those.
#[salsa::tracked(returns(ref))]
pub fn package_callers(
    db: &dyn Db,
    workspace: Workspace,
) -> rustc_hash::FxHashMap<PathBuf, Vec<(SourceFile, imports::PackageCall)>> {
    let mut files: Vec<SourceFile> = workspace.files(db).to_vec();
    files.sort_by(|a, b| a.path(db).cmp(b.path(db)));
    let mut out: rustc_hash::FxHashMap<PathBuf, Vec<_>> = Default::default();
    for file in files {
        for call in package_calls(db, file) {
            out.entry(call.target.clone())
                .or_default()
                .push((file, call.clone()));
        }
    }
    out
}

/// Each known file by path: one map per workspace change, so resolving an import is a
/// lookup rather than a scan of every file.
#[salsa::tracked(returns(ref))]
pub fn files_by_path(
    db: &dyn Db,
    workspace: Workspace,
) -> rustc_hash::FxHashMap<PathBuf, SourceFile> {
    workspace
        .files(db)
        .iter()
        .map(|f| (f.path(db).clone(), *f))
        .collect()
}
