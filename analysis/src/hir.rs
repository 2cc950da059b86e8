//! The HIR: a file's expressions in an arena, with attribute paths merged the way Nix merges
//! them (`a.b = 1; a.c = 2;` is one set `a`), and every binding a [`Name`].
//!
//! It holds no positions: those live in the [`SourceMap`], so that an edit that moves text
//! without changing meaning leaves the `Module` equal and salsa reuses what depends on it.

use rowan::ast::SyntaxNodePtr;
pub use smol_str::SmolStr;
use syntax::NixLanguage;
use syntax::ast::{BinaryOp, UnaryOpKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Module {
    pub exprs: Vec<Expr>,
    pub names: Vec<Name>,
    pub entry: Option<ExprId>,
}

impl Module {
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }
    pub fn name(&self, id: NameId) -> &Name {
        &self.names[id.0 as usize]
    }
    pub fn expr_ids(&self) -> impl Iterator<Item = ExprId> {
        (0..self.exprs.len() as u32).map(ExprId)
    }
    pub fn name_ids(&self) -> impl Iterator<Item = NameId> {
        (0..self.names.len() as u32).map(NameId)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// Inline when short (most identifiers): no allocation per name.
    pub text: SmolStr,
    pub kind: NameKind,
}

/// Where a name is defined, which decides where it is visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    LetIn,
    /// An attribute of a `rec` set or a legacy `let { }`: a variable inside it.
    RecAttrset,
    /// An attribute of a plain set: not a variable.
    PlainAttrset,
    /// `x` of `x: …`, or `args` of `args@{ … }`.
    Param,
    /// A formal of a pattern `{ a, b ? 1 }`.
    PatField,
}

impl NameKind {
    /// Whether the name is a variable (can be referenced), not just an attribute.
    pub fn is_variable(self) -> bool {
        !matches!(self, NameKind::PlainAttrset)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    Int(i64),
    /// Bits of the `f64`, so the HIR can be `Eq`.
    Float(u64),
    String(String),
    Path(String),
    Uri(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A piece the parser could not find.
    Missing,
    Reference(SmolStr),
    /// `__curPos`
    CurPos,
    Literal(Literal),
    Lambda {
        param: Option<NameId>,
        pat: Option<Box<Pat>>,
        body: ExprId,
    },
    Apply(ExprId, ExprId),
    With {
        env: ExprId,
        body: ExprId,
    },
    Assert {
        cond: ExprId,
        body: ExprId,
    },
    IfThenElse {
        cond: ExprId,
        then_body: ExprId,
        else_body: ExprId,
    },
    Binary(Option<BinaryOp>, ExprId, ExprId),
    Unary(Option<UnaryOpKind>, ExprId),
    /// `set ? a.b`; attribute names are string literals or dynamic expressions.
    HasAttr(ExprId, Vec<ExprId>),
    Select(ExprId, Vec<ExprId>, Option<ExprId>),
    StringInterpolation(Vec<ExprId>),
    PathInterpolation(Vec<ExprId>),
    List(Vec<ExprId>),
    // Bindings are boxed: unboxed they made every `Expr` 80 bytes rather than 40.
    LetIn(Box<Bindings>, ExprId),
    Attrset(Box<Bindings>),
    RecAttrset(Box<Bindings>),
    /// Legacy `let { … }`: a `rec` set whose `body` is the value.
    LetAttrset(Box<Bindings>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pat {
    pub fields: Vec<(Option<NameId>, Option<ExprId>)>,
    pub ellipsis: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bindings {
    pub statics: Vec<(NameId, BindingValue)>,
    /// The `e` of each `inherit (e) …`.
    pub inherit_froms: Vec<ExprId>,
    /// `${k} = v`
    pub dynamics: Vec<(ExprId, ExprId)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingValue {
    Expr(ExprId),
    /// `inherit x;`: the reference to `x` in the enclosing scope.
    Inherit(ExprId),
    /// `inherit (e) x;`: the index of `e` in `inherit_froms`.
    InheritFrom(usize),
}

impl Expr {
    /// The direct sub-expressions, in source order.
    pub fn children(&self) -> Vec<ExprId> {
        let mut out = Vec::new();
        let bindings = |b: &Bindings, out: &mut Vec<ExprId>| {
            out.extend(b.inherit_froms.iter().copied());
            for (_, value) in &b.statics {
                match value {
                    BindingValue::Expr(e) | BindingValue::Inherit(e) => out.push(*e),
                    BindingValue::InheritFrom(_) => {}
                }
            }
            for (k, v) in &b.dynamics {
                out.extend([*k, *v]);
            }
        };
        match self {
            Expr::Missing | Expr::Reference(_) | Expr::CurPos | Expr::Literal(_) => {}
            Expr::Lambda { pat, body, .. } => {
                if let Some(pat) = pat {
                    out.extend(pat.fields.iter().filter_map(|(_, d)| *d));
                }
                out.push(*body);
            }
            Expr::Apply(a, b) | Expr::Binary(_, a, b) => out.extend([*a, *b]),
            Expr::With { env, body } => out.extend([*env, *body]),
            Expr::Assert { cond, body } => out.extend([*cond, *body]),
            Expr::IfThenElse {
                cond,
                then_body,
                else_body,
            } => out.extend([*cond, *then_body, *else_body]),
            Expr::Unary(_, e) => out.push(*e),
            Expr::HasAttr(e, path) => {
                out.push(*e);
                out.extend(path.iter().copied());
            }
            Expr::Select(e, path, default) => {
                out.push(*e);
                out.extend(path.iter().copied());
                out.extend(*default);
            }
            Expr::StringInterpolation(parts)
            | Expr::PathInterpolation(parts)
            | Expr::List(parts) => out.extend(parts.iter().copied()),
            Expr::LetIn(b, body) => {
                bindings(b, &mut out);
                out.push(*body);
            }
            Expr::Attrset(b) | Expr::RecAttrset(b) | Expr::LetAttrset(b) => bindings(b, &mut out),
        }
        out
    }
}

pub type NodePtr = SyntaxNodePtr<NixLanguage>;

/// Where each expression and name comes from in the syntax tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// The node of each expression; `None` for sets Nix makes from paths (`a.b = …`).
    pub expr_nodes: Vec<Option<NodePtr>>,
    /// Every place a name is defined (more than one where paths merge: `a.b = 1; a.c = 2;`).
    /// Inline for the usual single place: no allocation per name.
    pub name_nodes: Vec<smallvec::SmallVec<[NodePtr; 1]>>,
    pub node_to_expr: rustc_hash::FxHashMap<NodePtr, ExprId>,
    pub node_to_name: rustc_hash::FxHashMap<NodePtr, NameId>,
}

impl SourceMap {
    pub fn expr_node(&self, id: ExprId) -> Option<NodePtr> {
        self.expr_nodes[id.0 as usize]
    }
    pub fn name_nodes(&self, id: NameId) -> &[NodePtr] {
        &self.name_nodes[id.0 as usize]
    }
}
