//! `textDocument/codeAction`: quick fixes of the diagnostics in the range, refactors at
//! it, and `source.fixAll` when asked for by kind (fix-on-save asks for it alone).

use super::world::{Outcome, World};
use super::{diagnostics, document, fix_all, path_of, to_lsp_edits};
use ls_types::*;
use std::collections::HashMap;

pub(crate) fn code_actions(
    world: World,
    params: CodeActionParams,
) -> Outcome<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(doc) = world.document(&uri) else {
        return Ok(None);
    };
    let config = world.settings.diagnostics.clone();
    let start = document::text_size(&doc.rope, params.range.start);
    let end = document::text_size(&doc.rope, params.range.end).max(start);
    let wanted = syntax::TextRange::new(start, end);
    let only = params.context.only;
    let kind_wanted = |kind: &CodeActionKind| fix_all::wanted(only.as_deref(), kind);
    let mut actions = Vec::new();
    if kind_wanted(&CodeActionKind::QUICKFIX) || kind_wanted(&CodeActionKind::REFACTOR_REWRITE) {
        let all = world.analysis.diagnostics(doc.file, &config)?;
        let here: Vec<&analysis::Diagnostic> = all
            .iter()
            .filter(|d| d.range.intersect(wanted).is_some() || d.range.contains_range(wanted))
            .collect();
        let change = |edits: &[analysis::TextEdit]| WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                to_lsp_edits(&doc.rope, edits),
            )])),
            ..Default::default()
        };
        if kind_wanted(&CodeActionKind::QUICKFIX) {
            for d in &here {
                let Some(fix) = &d.fix else { continue };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostics::to_lsp(&doc.rope, &uri, d)]),
                    edit: Some(change(&fix.edits)),
                    is_preferred: Some(fix.automatic),
                    ..Default::default()
                }));
            }
        }
        if kind_wanted(&CodeActionKind::REFACTOR_REWRITE) {
            // A refactor that is also a diagnostic's fix is offered once, as the fix.
            let fixes: Vec<&Vec<analysis::TextEdit>> = here
                .iter()
                .filter_map(|d| d.fix.as_ref().map(|f| &f.edits))
                .collect();
            for r in world.analysis.refactors(doc.file, wanted)? {
                if fixes.contains(&&r.edits) {
                    continue;
                }
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: r.title,
                    kind: Some(CodeActionKind::REFACTOR_REWRITE),
                    edit: Some(change(&r.edits)),
                    ..Default::default()
                }));
            }
        }
    }
    // `source.fixAll` only when asked for by kind; it runs on a scratch database, with the
    // snapshot released.
    if only.is_some() && kind_wanted(&CodeActionKind::SOURCE_FIX_ALL) {
        let path = path_of(&uri);
        let Some((doc, _, _)) = world.into_document(&uri) else {
            return Ok(Some(actions));
        };
        actions.extend(fix_all::action(&uri, &path, &doc.rope, &config));
    }
    Ok(Some(actions))
}
