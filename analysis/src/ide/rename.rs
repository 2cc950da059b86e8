//! Rename a binding everywhere the workspace uses it (`references.rs`), refusing any rename
//! that would change what a name refers to (capture, in either direction). The check is
//! exact for variables: each edited file is analysed again and every reference must
//! resolve to the same definition as before.

use super::references::search;
use crate::db::{Db, SourceFile, Workspace, parse};
use crate::diagnostics::{TextEdit, apply_edits};
use crate::hir::Expr;
use crate::name_res::{self, ResolveResult};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use syntax::{SyntaxKind, TextRange, TextSize};

/// The edits of one file.
pub type FileEdits = (PathBuf, Vec<TextEdit>);

pub fn rename(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
    new_name: &str,
) -> Result<Vec<FileEdits>, String> {
    if !is_identifier(new_name) {
        return Err(format!("`{new_name}` is not a valid Nix identifier"));
    }
    let found = search(db, workspace, file, offset)
        .filter(|f| !f.refs.is_empty())
        .ok_or_else(|| "there is no variable to rename here".to_string())?;
    if let Some(reason) = found.blocked {
        return Err(reason);
    }
    let mut by_file: Vec<(SourceFile, Vec<TextEdit>)> = Vec::new();
    for (f, range, _) in &found.refs {
        let edit = TextEdit::replace(identifier_in(db, *f, *range)?, new_name);
        match by_file.iter_mut().find(|(g, _)| g == f) {
            Some((_, edits)) => edits.push(edit),
            None => by_file.push((*f, vec![edit])),
        }
    }
    by_file
        .into_iter()
        .map(|(f, mut edits)| {
            edits.sort_by_key(|e| e.range.start());
            edits.dedup();
            check_meaning_kept(db, f, &edits, new_name)?;
            Ok((f.path(db).clone(), edits))
        })
        .collect()
}

/// What F2 would rename at `offset`: the identifier's range, or why nothing can be renamed
/// there (a builtin, a keyword, a name reached through a set the analyzer cannot see), so
/// the editor says so before asking for a new name.
pub fn prepare_rename(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Result<TextRange, String> {
    let found = search(db, workspace, file, offset).filter(|f| !f.refs.is_empty());
    let Some(found) = found else {
        let root = parse(db, file).syntax();
        let word = root
            .token_at_offset(offset)
            .find(|t| t.kind() == SyntaxKind::IDENT)
            .map(|t| t.text().to_string());
        return Err(match word {
            Some(w) if syntax::is_global_name(&w) => {
                format!("`{w}` is a builtin: it cannot be renamed")
            }
            _ => "there is no variable to rename here".to_string(),
        });
    };
    if let Some(reason) = found.blocked {
        return Err(reason);
    }
    let here = found
        .refs
        .iter()
        .find(|(f, range, _)| *f == file && range.contains_inclusive(offset))
        .map(|(_, range, _)| *range)
        .ok_or_else(|| "there is no variable to rename here".to_string())?;
    identifier_in(db, file, here)
}

/// The identifier token of the definition or reference node at `range`.
fn identifier_in(db: &dyn Db, file: SourceFile, range: TextRange) -> Result<TextRange, String> {
    let root = parse(db, file).syntax();
    let token = match root.covering_element(range) {
        rowan::NodeOrToken::Token(t) => Some(t),
        rowan::NodeOrToken::Node(n) => n
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| matches!(t.kind(), SyntaxKind::IDENT | SyntaxKind::OR_KW)),
    };
    match token {
        Some(t) if matches!(t.kind(), SyntaxKind::IDENT | SyntaxKind::OR_KW) => Ok(t.text_range()),
        _ => Err(format!(
            "`{}` in {} is not written as an identifier",
            &file.text(db)[range],
            file.path(db).display()
        )),
    }
}

/// Refuses edits that define a name twice or change what any variable of `file` means.
fn check_meaning_kept(
    db: &dyn Db,
    file: SourceFile,
    edits: &[TextEdit],
    new_name: &str,
) -> Result<(), String> {
    let text = file.text(db);
    let (renamed, _) = apply_edits(text, edits);
    // A name already defined beside the renamed one makes a duplicate definition.
    if syntax::parse(&renamed).all_errors().len() > parse(db, file).all_errors().len() {
        return Err(format!("`{new_name}` is already defined there"));
    }
    if resolutions(text, |p| p) != resolutions(&renamed, |p| map_back(p, edits, new_name)) {
        return Err(format!(
            "renaming to `{new_name}` would change what another name refers to"
        ));
    }
    Ok(())
}

/// Every reference of a text (by start offset, mapped through `position`) with what it
/// resolves to (a definition by start offset, mapped the same way).
fn resolutions(
    text: &str,
    position: impl Fn(TextSize) -> TextSize,
) -> FxHashMap<TextSize, Option<String>> {
    let parse = syntax::parse(text);
    let (module, source_map) = crate::lowering::lower(&parse.tree());
    let resolution = name_res::resolve(&module);
    let mut out = FxHashMap::default();
    for id in module.expr_ids() {
        if !matches!(module.expr(id), Expr::Reference(_)) {
            continue;
        }
        let Some(ptr) = source_map.expr_node(id) else {
            continue;
        };
        let target = resolution.get(id).map(|r| match r {
            ResolveResult::Definition(name) => {
                let start = source_map.name_nodes(*name)[0].text_range().start();
                format!("def@{}", u32::from(position(start)))
            }
            ResolveResult::Builtin(b) => format!("builtin {b}"),
            ResolveResult::WithExprs(w) => format!("with {}", w.len()),
        });
        out.insert(position(ptr.text_range().start()), target);
    }
    out
}

/// Maps an offset in the renamed text back to the original text.
fn map_back(offset: TextSize, edits: &[TextEdit], new_name: &str) -> TextSize {
    let mut shift: i64 = 0;
    for edit in edits {
        let new_start = i64::from(u32::from(edit.range.start())) + shift;
        if i64::from(u32::from(offset)) <= new_start {
            break;
        }
        shift += new_name.len() as i64 - i64::from(u32::from(edit.range.len()));
    }
    TextSize::from((i64::from(u32::from(offset)) - shift).max(0) as u32)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let keyword = matches!(
        name,
        "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit" | "or"
    );
    first_ok
        && !keyword
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
}
