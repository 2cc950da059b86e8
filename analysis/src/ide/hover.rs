//! Hover: what a variable is bound to, or which builtin it is.

use super::{NameAt, name_at};
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
    let (name, range) = match name_at(db, file, offset)? {
        NameAt::Reference(expr) => {
            let range = source_map.expr_node(expr)?.text_range();
            match name_resolution(db, file).get(expr)? {
                ResolveResult::Builtin(b) => {
                    return Some(HoverResult {
                        markdown: format!("`{b}`: a Nix builtin"),
                        range,
                    });
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
    Some(HoverResult {
        markdown: format!("{kind} `{}`\n\n```nix\n{shown}\n```", data.text),
        range,
    })
}
