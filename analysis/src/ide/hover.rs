//! Hover: what a variable is bound to, or which builtin it is (also as `builtins.name`).

use super::doc_comments::doc_comment;
use super::{NameAt, name_at};
use crate::builtin_docs::builtin_doc;
use crate::db::{Db, SourceFile, lower, name_resolution, parse};
use crate::hir::NameKind;
use crate::name_res::ResolveResult;
use syntax::{TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// Markdown.
    pub markdown: String,
    pub range: TextRange,
}

pub fn hover(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<HoverResult> {
    let (module, source_map) = lower(db, file);
    let root = parse(db, file).syntax();
    if let Some(token) = root.token_at_offset(offset).left_biased()
        && let Some(name) = super::builtins_select::builtin_selected(db, file, &token)
    {
        let markdown = match builtin_doc(&name) {
            Some(doc) => doc.markdown(),
            None => format!("`builtins.{name}`: firn has no documentation for it"),
        };
        return Some(HoverResult {
            markdown,
            range: token.text_range(),
        });
    }
    let (name, range) = match name_at(db, file, offset)? {
        NameAt::Reference(expr) => {
            let range = source_map.expr_node(expr)?.text_range();
            match name_resolution(db, file).get(expr)? {
                ResolveResult::Builtin(b) => {
                    let markdown = match builtin_doc(b) {
                        Some(doc) => doc.markdown(),
                        None => format!("`{b}`: a Nix builtin"),
                    };
                    return Some(HoverResult { markdown, range });
                }
                ResolveResult::WithExprs(_) => {
                    return Some(HoverResult {
                        markdown: "looked up in an enclosing `with` at run time".to_string(),
                        range,
                    });
                }
                ResolveResult::Definition(name) => (*name, range),
            }
        }
        NameAt::Definition(name) => {
            let range = source_map.name_nodes(name).first()?.text_range();
            (name, range)
        }
    };
    let data = module.name(name);
    let kind = match data.kind {
        NameKind::LetIn => "`let` binding",
        NameKind::RecAttrset => "attribute of a `rec` set",
        NameKind::PlainAttrset => "attribute",
        NameKind::Param => "lambda parameter",
        NameKind::PatField => "formal argument",
    };
    // The definition's text, as in the source: the binding, formal or parameter.
    let def = source_map.name_nodes(name).first()?.to_node(&root);
    let binding = def
        .ancestors()
        .find(|n| n.kind() == syntax::SyntaxKind::ATTRPATH_VALUE);
    let docs = binding.as_ref().and_then(doc_comment);
    let shown = def
        .ancestors()
        .find(|n| {
            matches!(
                n.kind(),
                syntax::SyntaxKind::ATTRPATH_VALUE
                    | syntax::SyntaxKind::PAT_ENTRY
                    | syntax::SyntaxKind::INHERIT
            )
        })
        .unwrap_or(def)
        .to_string();
    let shown: String = shown.lines().take(8).collect::<Vec<_>>().join("\n");
    let mut markdown = format!("{kind} `{}`\n\n```nix\n{shown}\n```", data.text);
    if let Some(docs) = docs {
        markdown.push_str("\n\n");
        markdown.push_str(&docs);
    }
    Some(HoverResult { markdown, range })
}
