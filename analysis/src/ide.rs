//! IDE features, one file each. They take byte offsets and return byte ranges; the server
//! converts to and from LSP positions.

mod attr_completion;
mod attr_sets;
mod build_lenses;
mod builtins_select;
mod completion;
mod doc_comments;
mod document_links;
mod document_symbols;
mod evaluated;
mod flake_outputs;
mod folding;
mod formatting;
mod goto_definition;
mod hover;
mod inlay_hints;
mod module_options;
mod module_system;
mod refactors;
mod references;
mod rename;
mod selection_ranges;
mod semantic_tokens;
mod signature_help;
mod workspace_symbols;

pub use build_lenses::{BuildLens, BuildLensKind, build_lenses};
pub use completion::{CompletionItem, CompletionKind, completions};
pub use document_links::{DocumentLink, LinkTarget, document_links};

/// `completionItem/resolve`: an item's type and documentation (Markdown), which the list
/// leaves out: an option's (where an option path is completed), else an evaluated
/// attribute's (after `x.`).
pub fn completion_documentation(
    ev: &crate::evaluation::Evaluator,
    file: SourceFile,
    offset: TextSize,
    label: &str,
) -> Option<(String, String)> {
    module_options::option_documentation(ev, file, offset, label)
        .or_else(|| evaluated::attribute_documentation(ev, file, offset, label))
}
pub use document_symbols::{DocumentSymbol, document_symbols};
pub use evaluated::{EvaluatedHover, evaluated_completions, evaluated_definition, evaluated_hover};
pub use flake_outputs::flake_output_completions;
pub use folding::folding_ranges;
pub use formatting::{
    FormatRefusal, changed_span, format_file, format_range, format_text, format_text_range,
};
pub use goto_definition::{NavigationTarget, goto_definition};
pub use hover::{HoverResult, hover};
pub use inlay_hints::{CLOSING_HINT_MIN_LINES, InlayHint, InlayHintKind, inlay_hints};
pub use module_options::{
    option_completions, option_definition, option_diagnostics, option_hover,
    option_value_completions,
};
pub(crate) use module_system::module_system;
pub use module_system::{ModuleSystem, OptionsSetting};
pub use refactors::{Refactor, refactors};
pub use references::{Reference, references};
pub use rename::{FileEdits, prepare_rename, rename};
pub use selection_ranges::selection_ranges;
pub use semantic_tokens::{HighlightMods, HighlightTag, HighlightedRange, semantic_tokens};
pub use signature_help::{SignatureHelp, signature_help};
pub use workspace_symbols::{MAX_WORKSPACE_SYMBOLS, WorkspaceSymbol, workspace_symbols};

use crate::db::{Db, SourceFile, lower, parse};
use crate::hir::{BindingValue, Expr, ExprId, Module, NameId};
use rustc_hash::FxHashMap;
use syntax::{SyntaxKind, SyntaxNode, TextSize};

/// What the identifier at an offset is: a variable reference, or a definition.
pub(crate) enum NameAt {
    Reference(ExprId),
    Definition(NameId),
}

/// The identifier-ish node touching `offset` (the one on the left wins at a boundary, as
/// when the cursor is just after a name).
pub(crate) fn node_at(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<SyntaxNode> {
    let root = parse(db, file).syntax();
    let token = match root.token_at_offset(offset) {
        rowan::TokenAtOffset::None => return None,
        rowan::TokenAtOffset::Single(t) => t,
        rowan::TokenAtOffset::Between(left, right) => {
            if matches!(left.kind(), SyntaxKind::IDENT | SyntaxKind::OR_KW) {
                left
            } else {
                right
            }
        }
    };
    token.parent()
}

pub(crate) fn name_at(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<NameAt> {
    let node = node_at(db, file, offset)?;
    let (_, source_map) = lower(db, file);
    // Definitions are mapped by their node (a binding's name, a formal, a parameter), uses
    // by their identifier expression.
    let ptr = crate::hir::NodePtr::new(&node);
    if let Some(name) = source_map.node_to_name.get(&ptr) {
        return Some(NameAt::Definition(*name));
    }
    if let Some(expr) = source_map.node_to_expr.get(&ptr) {
        return Some(NameAt::Reference(*expr));
    }
    None
}

/// How each statically bound name gets its value.
pub(crate) fn binding_values(module: &Module) -> FxHashMap<NameId, BindingValue> {
    let mut values = FxHashMap::default();
    for expr in &module.exprs {
        let bindings = match expr {
            Expr::LetIn(b, _) | Expr::Attrset(b) | Expr::RecAttrset(b) | Expr::LetAttrset(b) => b,
            _ => continue,
        };
        for (name, value) in &bindings.statics {
            values.insert(*name, *value);
        }
    }
    values
}

/// The expression a name stands for, following `inherit x;` to the `x` it copies (a few
/// steps at most: `inherit` chains are short, and this must not loop).
pub(crate) fn name_value(
    values: &FxHashMap<NameId, BindingValue>,
    resolution: &crate::name_res::NameResolution,
    mut name: NameId,
) -> Option<ExprId> {
    for _ in 0..16 {
        match values.get(&name)? {
            BindingValue::Expr(e) => return Some(*e),
            BindingValue::Inherit(reference) => match resolution.get(*reference)? {
                crate::name_res::ResolveResult::Definition(n) => name = *n,
                _ => return None,
            },
            BindingValue::InheritFrom(_) => return None,
        }
    }
    None
}

/// The smallest node holding `range` (clamped to the file).
pub(crate) fn covering_node(root: &SyntaxNode, range: syntax::TextRange) -> SyntaxNode {
    let range = range
        .intersect(root.text_range())
        .unwrap_or(root.text_range());
    match root.covering_element(range) {
        rowan::NodeOrToken::Node(n) => n,
        rowan::NodeOrToken::Token(t) => t.parent().unwrap_or_else(|| root.clone()),
    }
}
