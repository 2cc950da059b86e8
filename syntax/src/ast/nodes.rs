//! The AST node types and their accessors.

use super::{AstNode, BinaryOp, UnaryOpKind, child, child_in_segment, children, token};
use crate::{SyntaxKind, SyntaxKind::*, SyntaxNode, SyntaxToken};

macro_rules! ast_node {
    ($(#[$meta:meta])* $name:ident, $kind:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);

        impl AstNode for $name {
            fn can_cast(kind: SyntaxKind) -> bool {
                kind == $kind
            }
            fn cast(node: SyntaxNode) -> Option<Self> {
                Self::can_cast(node.kind()).then(|| $name(node))
            }
            fn syntax(&self) -> &SyntaxNode {
                &self.0
            }
        }
    };
}

macro_rules! ast_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant($variant),)*
        }

        impl AstNode for $name {
            fn can_cast(kind: SyntaxKind) -> bool {
                $($variant::can_cast(kind))||*
            }
            fn cast(node: SyntaxNode) -> Option<Self> {
                $(if $variant::can_cast(node.kind()) {
                    return Some($name::$variant($variant(node)));
                })*
                None
            }
            fn syntax(&self) -> &SyntaxNode {
                match self {
                    $($name::$variant(it) => it.syntax(),)*
                }
            }
        }

        $(impl From<$variant> for $name {
            fn from(it: $variant) -> Self {
                $name::$variant(it)
            }
        })*
    };
}

ast_node!(Root, ROOT);
ast_node!(Apply, APPLY);
ast_node!(Assert, ASSERT);
ast_node!(AttrSet, ATTR_SET);
ast_node!(Attrpath, ATTRPATH);
ast_node!(AttrpathValue, ATTRPATH_VALUE);
ast_node!(BinOp, BIN_OP);
ast_node!(Dynamic, DYNAMIC);
ast_node!(Error, ERROR);
ast_node!(HasAttr, HAS_ATTR);
ast_node!(Ident, IDENT_NODE);
ast_node!(IdentParam, IDENT_PARAM);
ast_node!(IfElse, IF_ELSE);
ast_node!(Inherit, INHERIT);
ast_node!(InheritFrom, INHERIT_FROM);
ast_node!(Interpolation, INTERPOLATION);
ast_node!(Lambda, LAMBDA);
ast_node!(LegacyLet, LEGACY_LET);
ast_node!(LetIn, LET_IN);
ast_node!(List, LIST);
ast_node!(Literal, LITERAL);
ast_node!(Paren, PAREN);
ast_node!(Path, PATH);
ast_node!(Pattern, PATTERN);
ast_node!(PatBind, PAT_BIND);
ast_node!(PatEntry, PAT_ENTRY);
ast_node!(Select, SELECT);
ast_node!(Str, STRING);
ast_node!(UnaryOp, UNARY_OP);
ast_node!(With, WITH);

ast_enum!(
    /// Any expression.
    Expr {
        Apply, Assert, AttrSet, BinOp, Error, HasAttr, Ident, IfElse, Lambda, LegacyLet,
        LetIn, List, Literal, Paren, Path, Select, Str, UnaryOp, With,
    }
);

ast_enum!(
    /// One attribute name of an attribute path: `a`, `"a"` or `${a}`.
    Attr { Ident, Str, Dynamic }
);

ast_enum!(
    /// A lambda's parameter.
    Param { IdentParam, Pattern }
);

ast_enum!(
    /// An entry of an attribute set or `let`.
    Binding { AttrpathValue, Inherit }
);

impl Root {
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl Expr {
    /// The expression inside any parentheses around it.
    pub fn unparenthesized(self) -> Expr {
        let mut expr = self;
        while let Expr::Paren(paren) = &expr {
            match paren.expr() {
                Some(inner) => expr = inner,
                None => break,
            }
        }
        expr
    }
}

impl Attr {
    /// The name if it is known without evaluation: `a`, `"a"`, or `${"a"}` (which CppNix
    /// counts as static, issue 14642); `None` for `${…}` and interpolated strings.
    pub fn static_name(&self) -> Option<String> {
        match self {
            Attr::Ident(ident) => ident.name(),
            Attr::Str(s) => s.static_value(),
            Attr::Dynamic(dynamic) => match dynamic.expr()?.unparenthesized() {
                Expr::Str(s) => s.static_value(),
                _ => None,
            },
        }
    }
}

impl Apply {
    pub fn lambda(&self) -> Option<Expr> {
        child(&self.0)
    }
    pub fn argument(&self) -> Option<Expr> {
        children(&self.0).nth(1)
    }
}

impl Assert {
    pub fn assert_token(&self) -> Option<SyntaxToken> {
        token(&self.0, ASSERT_KW)
    }
    pub fn condition(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| matches!(k, ASSERT_KW | SEMICOLON), 1)
    }
    pub fn body(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| matches!(k, ASSERT_KW | SEMICOLON), 2)
    }
}

/// Nodes holding bindings: attribute sets, `let … in` and legacy `let { … }`.
pub trait HasBindings: AstNode {
    fn bindings(&self) -> impl Iterator<Item = Binding> {
        children(self.syntax())
    }
    fn attrpath_values(&self) -> impl Iterator<Item = AttrpathValue> {
        children(self.syntax())
    }
    fn inherits(&self) -> impl Iterator<Item = Inherit> {
        children(self.syntax())
    }
}

/// The bindings of any node that holds them (attribute set, `let … in`, legacy `let`); none
/// for other nodes.
pub fn bindings_of(node: &SyntaxNode) -> Vec<Binding> {
    match node.kind() {
        ATTR_SET | LET_IN | LEGACY_LET => children(node).collect(),
        _ => Vec::new(),
    }
}

impl HasBindings for AttrSet {}
impl HasBindings for LetIn {}
impl HasBindings for LegacyLet {}

impl AttrSet {
    /// Looks only before the `{`: a set of thousands of bindings is not scanned (callers
    /// ask once per binding).
    pub fn rec_token(&self) -> Option<SyntaxToken> {
        self.0
            .children_with_tokens()
            .take_while(|e| e.kind() != L_CURLY)
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == REC_KW)
    }
    pub fn is_rec(&self) -> bool {
        self.rec_token().is_some()
    }
    pub fn l_curly_token(&self) -> Option<SyntaxToken> {
        token(&self.0, L_CURLY)
    }
    /// Searched from the end, where it is.
    pub fn r_curly_token(&self) -> Option<SyntaxToken> {
        let mut element = self.0.last_child_or_token();
        while let Some(e) = element {
            if e.kind() == R_CURLY {
                return e.into_token();
            }
            element = e.prev_sibling_or_token();
        }
        None
    }
}

impl Attrpath {
    pub fn attrs(&self) -> impl Iterator<Item = Attr> {
        children(&self.0)
    }
}

impl AttrpathValue {
    pub fn attrpath(&self) -> Option<Attrpath> {
        child(&self.0)
    }
    pub fn value(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == EQ, 1)
    }
}

impl BinOp {
    pub fn operator_token(&self) -> Option<SyntaxToken> {
        self.0
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| BinaryOp::from_kind(t.kind()).is_some())
    }
    pub fn operator(&self) -> Option<BinaryOp> {
        self.operator_token()
            .and_then(|t| BinaryOp::from_kind(t.kind()))
    }
    pub fn lhs(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| BinaryOp::from_kind(k).is_some(), 0)
    }
    pub fn rhs(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| BinaryOp::from_kind(k).is_some(), 1)
    }
}

impl Dynamic {
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl HasAttr {
    pub fn expr(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == QUESTION, 0)
    }
    pub fn attrpath(&self) -> Option<Attrpath> {
        child(&self.0)
    }
}

impl Ident {
    /// The name token: an identifier, or `or` where Nix allows it as a name.
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        self.0
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| matches!(t.kind(), IDENT | OR_KW))
    }
    pub fn name(&self) -> Option<String> {
        self.ident_token().map(|t| t.text().to_string())
    }
}

impl IdentParam {
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        token(&self.0, IDENT)
    }
}

impl IfElse {
    fn part(&self, segment: usize) -> Option<Expr> {
        child_in_segment(&self.0, |k| matches!(k, IF_KW | THEN_KW | ELSE_KW), segment)
    }
    pub fn condition(&self) -> Option<Expr> {
        self.part(1)
    }
    pub fn then_body(&self) -> Option<Expr> {
        self.part(2)
    }
    pub fn else_body(&self) -> Option<Expr> {
        self.part(3)
    }
}

impl Inherit {
    pub fn from(&self) -> Option<InheritFrom> {
        child(&self.0)
    }
    pub fn attrs(&self) -> impl Iterator<Item = Attr> {
        children(&self.0)
    }
}

impl InheritFrom {
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl Interpolation {
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl Lambda {
    pub fn param(&self) -> Option<Param> {
        child(&self.0)
    }
    pub fn body(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == COLON, 1)
    }
}

impl LetIn {
    pub fn body(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == IN_KW, 1)
    }
}

impl List {
    pub fn items(&self) -> impl Iterator<Item = Expr> {
        children(&self.0)
    }
}

/// The kind of a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralKind {
    Integer,
    Float,
    Uri,
}

impl Literal {
    pub fn token(&self) -> Option<SyntaxToken> {
        self.0.first_token()
    }
    pub fn kind(&self) -> Option<LiteralKind> {
        Some(match self.token()?.kind() {
            INTEGER => LiteralKind::Integer,
            FLOAT => LiteralKind::Float,
            URI => LiteralKind::Uri,
            _ => return None,
        })
    }
}

impl Paren {
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl Path {
    /// The path's literal text pieces and interpolations, in order.
    pub fn parts(&self) -> impl Iterator<Item = rowan::NodeOrToken<Interpolation, SyntaxToken>> {
        self.0.children_with_tokens().filter_map(|e| match e {
            rowan::NodeOrToken::Node(n) => Interpolation::cast(n).map(rowan::NodeOrToken::Node),
            rowan::NodeOrToken::Token(t) => matches!(
                t.kind(),
                PATH_ABS | PATH_REL | PATH_HOME | PATH_CONTENT | SEARCH_PATH
            )
            .then_some(rowan::NodeOrToken::Token(t)),
        })
    }
    /// `<nixpkgs>`-style lookup path.
    pub fn is_search_path(&self) -> bool {
        token(&self.0, SEARCH_PATH).is_some()
    }
    /// The name a `<name>` lookup path looks up.
    pub fn search_path_name(&self) -> Option<String> {
        let t = token(&self.0, SEARCH_PATH)?;
        let text = t.text();
        Some(text[1..text.len() - 1].to_string())
    }
}

impl Pattern {
    pub fn pat_entries(&self) -> impl Iterator<Item = PatEntry> {
        children(&self.0)
    }
    pub fn ellipsis_token(&self) -> Option<SyntaxToken> {
        token(&self.0, ELLIPSIS)
    }
    /// The `name @` (or `@ name`) binding of the whole argument.
    pub fn pat_bind(&self) -> Option<PatBind> {
        child(&self.0)
    }
}

impl PatBind {
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        token(&self.0, IDENT)
    }
}

impl PatEntry {
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        token(&self.0, IDENT)
    }
    pub fn default(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == QUESTION, 1)
    }
}

impl Select {
    pub fn expr(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == DOT, 0)
    }
    pub fn attrpath(&self) -> Option<Attrpath> {
        child(&self.0)
    }
    pub fn default_expr(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| k == OR_KW, 1)
    }
}

impl UnaryOp {
    pub fn operator_token(&self) -> Option<SyntaxToken> {
        self.0.first_token()
    }
    pub fn operator(&self) -> Option<UnaryOpKind> {
        match self.operator_token()?.kind() {
            BANG => Some(UnaryOpKind::Not),
            MINUS => Some(UnaryOpKind::Negate),
            _ => None,
        }
    }
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

impl With {
    pub fn namespace(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| matches!(k, WITH_KW | SEMICOLON), 1)
    }
    pub fn body(&self) -> Option<Expr> {
        child_in_segment(&self.0, |k| matches!(k, WITH_KW | SEMICOLON), 2)
    }
}
