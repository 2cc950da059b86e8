//! Semantic tokens: every token worth colouring, classified from the syntax tree and name
//! resolution. A variable is coloured by what it refers to: a parameter, a `let` or `rec`
//! binding (a function when its value is a lambda), a builtin, or a name looked up in a
//! `with`; attribute names are properties.

use super::{binding_values, name_value};
use crate::builtin_docs::builtin_doc;
use crate::db::{Db, SourceFile, lower, name_resolution, parse};
use crate::hir::{BindingValue, Expr, Module, NameId, NameKind, NodePtr};
use crate::name_res::ResolveResult;
use rustc_hash::FxHashMap;
use syntax::SyntaxKind::*;
use syntax::{SyntaxNode, SyntaxToken, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HighlightTag {
    Keyword,
    Comment,
    String,
    Number,
    Path,
    Operator,
    Parameter,
    Variable,
    Function,
    Property,
}

/// Modifiers, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HighlightMods(pub u8);

impl HighlightMods {
    /// The name is defined here (not used).
    pub const DEFINITION: HighlightMods = HighlightMods(1);
    /// A builtin.
    pub const DEFAULT_LIBRARY: HighlightMods = HighlightMods(2);
    /// An RFC 145 doc comment.
    pub const DOCUMENTATION: HighlightMods = HighlightMods(4);
    /// A variable no scope, builtin or `with` defines.
    pub const UNRESOLVED: HighlightMods = HighlightMods(8);

    pub fn contains(self, other: HighlightMods) -> bool {
        self.0 & other.0 == other.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightedRange {
    pub range: TextRange,
    pub tag: HighlightTag,
    pub mods: HighlightMods,
}

/// The tokens of `file` (those touching `range`, if given), in order, never overlapping.
pub fn semantic_tokens(
    db: &dyn Db,
    file: SourceFile,
    range: Option<TextRange>,
) -> Vec<HighlightedRange> {
    let root = parse(db, file).syntax();
    let (module, source_map) = lower(db, file);
    let ctx = Context {
        module,
        source_map,
        resolution: name_resolution(db, file),
        values: binding_values(module),
    };
    let scope = match range {
        Some(r) => super::covering_node(&root, r),
        None => root,
    };
    scope
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| range.is_none_or(|r| t.text_range().intersect(r).is_some()))
        .filter_map(|t| {
            let (tag, mods) = ctx.classify(&t)?;
            Some(HighlightedRange {
                range: t.text_range(),
                tag,
                mods,
            })
        })
        .collect()
}

struct Context<'a> {
    module: &'a Module,
    source_map: &'a crate::hir::SourceMap,
    resolution: &'a crate::name_res::NameResolution,
    values: FxHashMap<NameId, BindingValue>,
}

impl Context<'_> {
    fn classify(&self, token: &SyntaxToken) -> Option<(HighlightTag, HighlightMods)> {
        let plain = |tag| Some((tag, HighlightMods::default()));
        match token.kind() {
            kind if is_keyword(kind) => plain(HighlightTag::Keyword),
            COMMENT => plain(HighlightTag::Comment),
            DOC_COMMENT => Some((HighlightTag::Comment, HighlightMods::DOCUMENTATION)),
            DQUOTE | QUOTE2 | STRING_CONTENT | STRING_ESCAPE | URI => plain(HighlightTag::String),
            INTEGER | FLOAT => plain(HighlightTag::Number),
            PATH_ABS | PATH_REL | PATH_HOME | PATH_CONTENT | SEARCH_PATH => {
                plain(HighlightTag::Path)
            }
            QUESTION if token.parent()?.kind() == HAS_ATTR => plain(HighlightTag::Operator),
            kind if is_operator(kind) => plain(HighlightTag::Operator),
            IDENT => self.classify_ident(&token.parent()?),
            _ => None,
        }
    }

    fn classify_ident(&self, node: &SyntaxNode) -> Option<(HighlightTag, HighlightMods)> {
        if matches!(node.kind(), IDENT_PARAM | PAT_ENTRY | PAT_BIND) {
            return Some((HighlightTag::Parameter, HighlightMods::DEFINITION));
        }
        let ptr = NodePtr::new(node);
        if let Some(&name) = self.source_map.node_to_name.get(&ptr) {
            return Some((self.name_tag(name), HighlightMods::DEFINITION));
        }
        let expr = *self.source_map.node_to_expr.get(&ptr)?;
        match self.module.expr(expr) {
            Expr::Reference(_) => match self.resolution.get(expr) {
                Some(ResolveResult::Definition(name)) => {
                    Some((self.name_tag(*name), HighlightMods::default()))
                }
                Some(ResolveResult::Builtin(name)) => Some(builtin_tag(name)),
                Some(ResolveResult::WithExprs(_)) => {
                    Some((HighlightTag::Variable, HighlightMods::default()))
                }
                None => Some((HighlightTag::Variable, HighlightMods::UNRESOLVED)),
            },
            // An attribute name of a selection: `builtins.map` names a builtin.
            Expr::Literal(_) if self.selects_from_builtins(node) => {
                Some(builtin_tag(&node.text().to_string()))
            }
            _ => Some((HighlightTag::Property, HighlightMods::default())),
        }
    }

    fn name_tag(&self, name: NameId) -> HighlightTag {
        match self.module.name(name).kind {
            NameKind::Param | NameKind::PatField => HighlightTag::Parameter,
            _ if name_value(&self.values, self.resolution, name)
                .is_some_and(|v| matches!(self.module.expr(v), Expr::Lambda { .. })) =>
            {
                HighlightTag::Function
            }
            NameKind::PlainAttrset => HighlightTag::Property,
            NameKind::LetIn | NameKind::RecAttrset => HighlightTag::Variable,
        }
    }

    /// Whether `attr` is the first attribute of `builtins.…`.
    fn selects_from_builtins(&self, attr: &SyntaxNode) -> bool {
        let Some(path) = attr.parent().filter(|p| p.kind() == ATTRPATH) else {
            return false;
        };
        let first = path.first_child().is_some_and(|c| &c == attr);
        let base = path
            .parent()
            .filter(|s| s.kind() == SELECT)
            .and_then(|s| s.first_child())
            .and_then(|b| self.source_map.node_to_expr.get(&NodePtr::new(&b)).copied());
        first
            && base.is_some_and(|b| {
                matches!(self.resolution.get(b), Some(ResolveResult::Builtin(n)) if n == "builtins")
            })
    }
}

fn builtin_tag(name: &str) -> (HighlightTag, HighlightMods) {
    let name = name.strip_prefix("__").unwrap_or(name);
    let tag = match builtin_doc(name) {
        _ if matches!(name, "true" | "false" | "null") => HighlightTag::Keyword,
        Some(doc) if doc.is_function() => HighlightTag::Function,
        _ => HighlightTag::Variable,
    };
    (tag, HighlightMods::DEFAULT_LIBRARY)
}

fn is_keyword(kind: syntax::SyntaxKind) -> bool {
    matches!(
        kind,
        ASSERT_KW
            | ELSE_KW
            | IF_KW
            | IN_KW
            | INHERIT_KW
            | LET_KW
            | OR_KW
            | REC_KW
            | THEN_KW
            | WITH_KW
    )
}

fn is_operator(kind: syntax::SyntaxKind) -> bool {
    matches!(
        kind,
        CONCAT
            | UPDATE
            | PLUS
            | MINUS
            | STAR
            | SLASH
            | EQ_EQ
            | NOT_EQ
            | LESS
            | LESS_EQ
            | MORE
            | MORE_EQ
            | AND_AND
            | OR_OR
            | IMPLICATION
            | BANG
            | PIPE_RIGHT
            | PIPE_LEFT
    )
}
