//! Completion items in LSP's terms: a builtin says whether it is a function or a constant
//! (`true`, `null`, `currentSystem`), with its signature as the detail and its
//! documentation. Names in scope sort first, then keywords, then builtins (`sortText`), so
//! what the user wrote comes first once the client filters by what was typed.

use analysis::builtin_docs::builtin_doc;
use analysis::ide::{CompletionItem as Item, CompletionKind};
use ls_types::*;

/// An item; one whose details the evaluator knows (an attribute, an option) carries where
/// the list was made, for `completionItem/resolve`.
pub fn to_lsp(item: Item, at: &TextDocumentPositionParams) -> CompletionItem {
    let data = (item.kind == CompletionKind::Attribute)
        .then(|| serde_json::to_value(at).ok())
        .flatten();
    let doc = match item.kind {
        CompletionKind::Builtin => builtin_doc(&item.label),
        _ => None,
    };
    let kind = match item.kind {
        CompletionKind::Variable | CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        CompletionKind::Builtin if doc.is_some_and(|d| !d.is_function()) => {
            CompletionItemKind::CONSTANT
        }
        CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Attribute => CompletionItemKind::FIELD,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
    };
    let rank = match item.kind {
        CompletionKind::Builtin => 2,
        CompletionKind::Keyword => 1,
        _ => 0,
    };
    CompletionItem {
        sort_text: Some(format!("{rank}{}", item.label)),
        label: item.label,
        kind: Some(kind),
        detail: doc.map(|d| d.signature()),
        documentation: doc.map(|d| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: d.doc.to_string(),
            })
        }),
        data,
        ..Default::default()
    }
}

/// Where the list an item came from was made.
pub fn resolve_position(item: &CompletionItem) -> Option<TextDocumentPositionParams> {
    serde_json::from_value(item.data.clone()?).ok()
}
