//! Rename a variable within its file, refusing any rename that would change what a name
//! refers to (capture, in either direction). The check is exact: the renamed text is
//! analysed again and every reference must resolve to the same definition as before.

use super::references;
use crate::db::{Db, SourceFile, parse};
use crate::diagnostics::{TextEdit, apply_edits};
use crate::hir::Expr;
use crate::name_res::{self, ResolveResult};
use rustc_hash::FxHashMap;
use syntax::{SyntaxKind, TextSize};

pub fn rename(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
    new_name: &str,
) -> Result<Vec<TextEdit>, String> {
    if !is_identifier(new_name) {
        return Err(format!("`{new_name}` is not a valid Nix identifier"));
    }
    let ranges = references(db, file, offset);
    if ranges.is_empty() {
        return Err("there is no variable to rename here".to_string());
    }
    let root = parse(db, file).syntax();
    let text = file.text(db);
    let mut edits = Vec::new();
    for range in &ranges {
        let node = root.covering_element(*range);
        if node.ancestors().any(|a| a.kind() == SyntaxKind::INHERIT) {
            return Err("a name brought in by `inherit` cannot be renamed here".to_string());
        }
        // The identifier inside the definition or reference node.
        let token = match node {
            rowan::NodeOrToken::Token(t) => Some(t),
            rowan::NodeOrToken::Node(n) => n
                .descendants_with_tokens()
                .filter_map(|e| e.into_token())
                .find(|t| matches!(t.kind(), SyntaxKind::IDENT | SyntaxKind::OR_KW)),
        };
        let Some(token) = token else {
            return Err("this name cannot be renamed".to_string());
        };
        edits.push(TextEdit::replace(token.text_range(), new_name));
    }
    edits.sort_by_key(|e| e.range.start());
    edits.dedup();
    let (renamed, _) = apply_edits(text, &edits);
    // A name already defined beside the renamed one makes a duplicate definition.
    if syntax::parse(&renamed).all_errors().len() > parse(db, file).all_errors().len() {
        return Err(format!("`{new_name}` is already defined there"));
    }
    if resolutions(text, |p| p) != resolutions(&renamed, |p| map_back(p, &edits, new_name)) {
        return Err(format!(
            "renaming to `{new_name}` would change what another name refers to"
        ));
    }
    Ok(edits)
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
