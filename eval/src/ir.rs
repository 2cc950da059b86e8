//! The compact IR the evaluator runs: the typed AST with every variable resolved to an
//! environment slot ahead of time (only names under `with` are looked up at run time) and
//! every attribute name interned.

use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::Value;
use std::rc::Rc;

pub type ExprRef = Rc<Expr>;

pub enum Expr {
    /// A literal, built once at compile time.
    Const(Value),
    /// A variable bound `depth` frames out, in slot `slot`.
    Var {
        depth: u32,
        slot: u32,
    },
    /// A name only a `with` can bind: the depths of the enclosing `with` frames, innermost
    /// first.
    WithVar {
        name: Symbol,
        withs: Box<[u32]>,
        pos: Pos,
    },
    Select {
        expr: ExprRef,
        path: Box<[AttrKey]>,
        default: Option<ExprRef>,
        pos: Pos,
    },
    HasAttr {
        expr: ExprRef,
        path: Box<[AttrKey]>,
    },
    Attrs(Box<AttrsDef>),
    List(Box<[ExprRef]>),
    Lambda(Rc<LambdaDef>),
    /// `func arg1 arg2 …` (curried applications flattened).
    Apply {
        func: ExprRef,
        args: Box<[ExprRef]>,
        pos: Pos,
    },
    /// `let`: a new frame whose slots are the bindings (then hidden `inherit (e)` sources).
    Let {
        slots: Box<[ExprRef]>,
        body: ExprRef,
    },
    With {
        namespace: ExprRef,
        body: ExprRef,
        pos: Pos,
    },
    If {
        cond: ExprRef,
        then: ExprRef,
        else_: ExprRef,
        pos: Pos,
    },
    Assert {
        cond: ExprRef,
        body: ExprRef,
        text: Rc<str>,
        pos: Pos,
    },
    Not(ExprRef, Pos),
    Binary {
        op: BinOp,
        lhs: ExprRef,
        rhs: ExprRef,
        pos: Pos,
    },
    /// String interpolation, or a path with interpolations when `is_path`.
    Interpolate {
        parts: Box<[ExprRef]>,
        is_path: bool,
        pos: Pos,
    },
    /// `~/…`: resolved against `$HOME` at run time, as Nix does.
    HomePath(Rc<str>, Pos),
    CurPos(Pos),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    And,
    Or,
    Impl,
    Update,
    Concat,
    PipeRight,
    PipeLeft,
}

pub enum AttrKey {
    Static(Symbol),
    Dynamic(ExprRef),
}

/// An attribute set literal.
pub struct AttrsDef {
    /// Values are evaluated in a new frame: `rec` sets (whose slots are the static attributes,
    /// then the hidden sources), and sets with `inherit (e)` (whose slots are the sources).
    pub new_frame: bool,
    pub rec: bool,
    pub statics: Vec<StaticAttr>,
    /// `inherit (e)` sources, evaluated once and shared by the attributes taken from them.
    pub hidden: Vec<ExprRef>,
    pub dynamics: Vec<DynamicAttr>,
    /// In a `rec` set, the static attribute `__overrides` (its index), if there is one.
    pub overrides: Option<usize>,
    pub pos: Pos,
}

pub struct StaticAttr {
    pub name: Symbol,
    pub value: ExprRef,
    pub pos: Pos,
    /// `inherit x;` in a `rec` set: looked up outside the set, never a slot of its own frame.
    pub inherited: bool,
}

pub struct DynamicAttr {
    pub name: ExprRef,
    pub value: ExprRef,
    pub pos: Pos,
}

pub struct LambdaDef {
    pub name: Option<Symbol>,
    pub param: Param,
    pub body: ExprRef,
    /// Slots of the lambda's frame: the argument, or the formals then the `@` name.
    pub frame_size: u32,
    pub pos: Pos,
}

pub enum Param {
    Ident(Symbol),
    Pattern {
        formals: Vec<Formal>,
        ellipsis: bool,
        bind: Option<Symbol>,
    },
}

pub struct Formal {
    pub name: Symbol,
    pub default: Option<ExprRef>,
    pub pos: Pos,
}
