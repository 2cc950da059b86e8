//! `source.fixAll`: every safe fix of the document as one code action, which editors run
//! on save (VS Code's `editor.codeActionsOnSave`). The fixes run on a scratch database
//! holding only this text (fixes are local to a file), never on the server's own.

use super::document;
use analysis::{AnalysisHost, DiagnosticsConfig};
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::*;

/// Whether a client asking for `only` kinds wants actions of `kind` (a kind matches its
/// own name and every kind nested under it: `source` matches `source.fixAll`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        })
    })
}

/// The action, or `None` when there is nothing to fix.
pub fn action(
    uri: &Uri,
    path: &Path,
    rope: &ropey::Rope,
    config: &DiagnosticsConfig,
) -> Option<CodeActionOrCommand> {
    let text = rope.to_string();
    let mut host = AnalysisHost::default();
    let file = host.set_file_text(path, text.clone());
    let fixed = analysis::fix_all(&mut host, file, config)?;
    let (start, end, replacement) = changed_span(&text, &fixed);
    let range = document::range(
        rope,
        syntax::TextRange::new((start as u32).into(), (end as u32).into()),
    );
    let edit = TextEdit::new(range, replacement.to_string());
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Fix all auto-fixable problems".to_string(),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// The one span of `old` that `new` replaces (byte offsets on character boundaries), and
/// its replacement: the edit keeps the cursor and the rest of the buffer untouched.
fn changed_span<'n>(old: &str, new: &'n str) -> (usize, usize, &'n str) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (prefix, old.len() - suffix, &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_span_is_minimal_and_on_character_boundaries() {
        assert_eq!(changed_span("let a = 1; in 2", "2"), (0, 14, ""));
        assert_eq!(changed_span("abc", "abc"), (3, 3, ""));
        assert_eq!(changed_span("aéb", "aèb"), (1, 3, "è"));
        assert_eq!(changed_span("xx", "xxx"), (2, 2, "x"));
    }

    #[test]
    fn kinds_match_their_parents() {
        let fix_all = CodeActionKind::SOURCE_FIX_ALL;
        assert!(wanted(None, &fix_all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE]), &fix_all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE_FIX_ALL]), &fix_all));
        assert!(!wanted(Some(&[CodeActionKind::QUICKFIX]), &fix_all));
        assert!(!wanted(
            Some(&[CodeActionKind::new("source.fix")]),
            &fix_all
        ));
    }
}
