//! `source.fixAll`: every safe fix of the document as one code action, which editors run
//! on save (VS Code's `editor.codeActionsOnSave`). The fixes run on a scratch database
//! holding only this text (fixes are local to a file), never on the server's own.

use super::document;
use analysis::{AnalysisHost, DiagnosticsConfig};
use ls_types::*;
use std::collections::HashMap;
use std::path::Path;

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
    // One edit for the span that changed: the cursor and the rest of the buffer stay put.
    let edit = analysis::ide::changed_span(&text, &fixed)?;
    let edit = TextEdit::new(document::range(rope, edit.range), edit.new_text);
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

#[cfg(test)]
mod tests {
    use super::*;

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
