//! Runtime values. A `Value` is 16 bytes; everything larger lives behind an `Rc`.

use crate::error::EvalResult;
use crate::ir::{Expr, LambdaDef};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

#[derive(Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(NixString),
    Path(Rc<str>),
    Attrs(Rc<Attrs>),
    List(Rc<NixList>),
    Lambda(Rc<Closure>),
    PrimOp(Rc<PrimOp>),
    PrimOpApp(Rc<PrimOpApp>),
    Thunk(Thunk),
}

impl Value {
    pub fn string(s: impl Into<Box<str>>) -> Value {
        Value::String(NixString::new(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(NixList(items)))
    }

    pub fn attrs(attrs: Attrs) -> Value {
        Value::Attrs(Rc::new(attrs))
    }

    /// The type name Nix uses in messages ("a set", "an integer"…).
    pub fn type_desc(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "a function",
            Value::Thunk(_) => "a thunk",
        }
    }

    /// The name `builtins.typeOf` returns.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "lambda",
            Value::Thunk(_) => "thunk",
        }
    }
}

/// Store paths a string refers to, in CppNix's encoding: `/nix/store/…` (a path),
/// `=/nix/store/….drv` (a derivation and its closure), `!out!/nix/store/….drv` (an output).
pub type Context = BTreeSet<Rc<str>>;

#[derive(Clone)]
pub struct NixString(Rc<StrData>);

pub struct StrData {
    pub text: Box<str>,
    pub context: Option<Box<Context>>,
}

impl NixString {
    pub fn new(text: impl Into<Box<str>>) -> NixString {
        NixString(Rc::new(StrData {
            text: text.into(),
            context: None,
        }))
    }

    pub fn with_context(text: impl Into<Box<str>>, context: Context) -> NixString {
        NixString(Rc::new(StrData {
            text: text.into(),
            context: (!context.is_empty()).then(|| Box::new(context)),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    pub fn context(&self) -> Option<&Context> {
        self.0.context.as_deref()
    }

    pub fn has_context(&self) -> bool {
        self.0.context.is_some()
    }
}

/// A list's items. Dropping one never recurses deeply (see `defer_drop`).
#[derive(Clone, Default)]
pub struct NixList(pub Vec<Value>);

impl std::ops::Deref for NixList {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl Drop for NixList {
    fn drop(&mut self) {
        defer_drop_values(std::mem::take(&mut self.0));
    }
}

/// Something waiting to be freed: held only so that dropping it frees it.
#[allow(dead_code)]
enum Garbage {
    Value(Value),
    Env(Env),
}

thread_local! {
    static DROP_QUEUE: RefCell<Vec<Garbage>> = const { RefCell::new(Vec::new()) };
    static DRAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Drops values one at a time from a queue instead of recursively: a list, set or
/// environment chain nested 100,000 deep would otherwise overflow the native stack when
/// freed.
fn defer_drop(garbage: impl IntoIterator<Item = Garbage>) {
    DROP_QUEUE.with(|q| q.borrow_mut().extend(garbage));
    drain_drop_queue();
}

fn drain_drop_queue() {
    if DRAINING.with(|d| d.replace(true)) {
        return;
    }
    while let Some(g) = DROP_QUEUE.with(|q| q.borrow_mut().pop()) {
        drop(g);
    }
    DRAINING.with(|d| d.set(false));
}

/// Whether dropping this reference frees a container (whose drop could recurse).
fn frees_nested(v: &Value) -> bool {
    match v {
        Value::Attrs(a) => Rc::strong_count(a) == 1,
        Value::List(l) => Rc::strong_count(l) == 1,
        Value::Thunk(t) => Rc::strong_count(&t.0) == 1,
        Value::Lambda(c) => Rc::strong_count(c) == 1,
        Value::PrimOpApp(p) => Rc::strong_count(p) == 1,
        _ => false,
    }
}

/// Frees values, through the queue only when one of them frees a container.
fn defer_drop_values(values: Vec<Value>) {
    if values.iter().any(frees_nested) {
        defer_drop(values.into_iter().map(Garbage::Value));
    }
}

/// One attribute: its name, value and where it was defined (for `unsafeGetAttrPos`).
#[derive(Clone)]
pub struct Attr {
    pub name: Symbol,
    pub value: Value,
    pub pos: Pos,
}

/// An attribute set: entries sorted by symbol id, found by binary search.
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<Attr>,
}

impl Drop for Attrs {
    fn drop(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        if entries.iter().any(|a| frees_nested(&a.value)) {
            defer_drop(entries.into_iter().map(|a| Garbage::Value(a.value)));
        }
    }
}

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// Builds from entries in any order; on duplicate names the last one wins.
    pub fn from_unsorted(mut entries: Vec<Attr>) -> Attrs {
        entries.sort_by_key(|a| a.name);
        let mut deduped: Vec<Attr> = Vec::with_capacity(entries.len());
        for a in entries {
            match deduped.last_mut() {
                Some(last) if last.name == a.name => *last = a,
                _ => deduped.push(a),
            }
        }
        Attrs { entries: deduped }
    }

    /// Builds from entries in any order; on duplicate names the first one wins
    /// (`listToAttrs`).
    pub fn from_unsorted_first_wins(mut entries: Vec<Attr>) -> Attrs {
        entries.sort_by_key(|a| a.name);
        entries.dedup_by_key(|a| a.name);
        Attrs { entries }
    }

    /// Builds from entries already sorted by symbol with no duplicates.
    pub fn from_sorted(entries: Vec<Attr>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        Attrs { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, name: Symbol) -> Option<&Value> {
        self.get_attr(name).map(|a| &a.value)
    }

    pub fn get_attr(&self, name: Symbol) -> Option<&Attr> {
        self.entries
            .binary_search_by_key(&name, |a| a.name)
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn contains(&self, name: Symbol) -> bool {
        self.get(name).is_some()
    }

    /// Entries in symbol order (not the order Nix shows; see [`Attrs::sorted_by_name`]).
    pub fn iter(&self) -> impl Iterator<Item = &Attr> {
        self.entries.iter()
    }

    /// Entries in the lexicographic order of their names, the order Nix exposes.
    pub fn sorted_by_name(&self) -> Vec<&Attr> {
        let mut v: Vec<&Attr> = self.entries.iter().collect();
        v.sort_by(|a, b| a.name.cmp_by_name(b.name));
        v
    }

    /// `self // other`.
    pub fn update(&self, other: &Attrs) -> Attrs {
        let (a, b) = (&self.entries, &other.entries);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].name.cmp(&b[j].name) {
                std::cmp::Ordering::Less => {
                    out.push(a[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(b[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        Attrs { entries: out }
    }

    pub fn insert(&mut self, attr: Attr) {
        match self.entries.binary_search_by_key(&attr.name, |a| a.name) {
            Ok(i) => self.entries[i] = attr,
            Err(i) => self.entries.insert(i, attr),
        }
    }

    pub fn retain(&mut self, f: impl FnMut(&Attr) -> bool) {
        self.entries.retain(f);
    }
}

/// A lambda and the environment it closes over.
pub struct Closure {
    pub def: Rc<LambdaDef>,
    pub env: Env,
}

pub type PrimFn = fn(&mut Machine, &[Value], Pos) -> EvalResult<Value>;

/// A builtin function taking `arity` arguments.
pub struct PrimOp {
    pub name: &'static str,
    pub arity: usize,
    pub func: PrimFn,
}

/// A builtin applied to fewer arguments than it takes.
pub struct PrimOpApp {
    pub op: Rc<PrimOp>,
    pub args: Vec<Value>,
}

/// A runtime environment frame: the values of one scope's variables, and the scope around it.
pub struct EnvFrame {
    pub slots: RefCell<Vec<Value>>,
    pub parent: Option<Env>,
}

pub type Env = Rc<EnvFrame>;

impl Drop for EnvFrame {
    fn drop(&mut self) {
        let values = std::mem::take(self.slots.get_mut());
        let parent = self.parent.take();
        match parent {
            Some(p) if Rc::strong_count(&p) == 1 => defer_drop(
                values
                    .into_iter()
                    .map(Garbage::Value)
                    .chain([Garbage::Env(p)]),
            ),
            _ => defer_drop_values(values),
        }
    }
}

impl EnvFrame {
    pub fn new(slots: Vec<Value>, parent: Option<Env>) -> Env {
        Rc::new(EnvFrame {
            slots: RefCell::new(slots),
            parent,
        })
    }
}

/// A delayed computation, evaluated at most once.
#[derive(Clone)]
pub struct Thunk(pub Rc<RefCell<ThunkState>>);

pub enum ThunkState {
    /// An expression to evaluate in an environment.
    Pending(Rc<Expr>, Env),
    /// A function application builtins create lazily (`map`, `genList`, …).
    Apply(Value, Value),
    /// Being evaluated: forcing it again is infinite recursion.
    Blackhole,
    Done(Value),
    /// Evaluating it failed; forcing it again fails the same way (as Nix does).
    Failed(Box<crate::error::EvalError>),
}

impl Thunk {
    pub fn new(expr: Rc<Expr>, env: Env) -> Thunk {
        Thunk(Rc::new(RefCell::new(ThunkState::Pending(expr, env))))
    }

    pub fn apply(f: Value, arg: Value) -> Thunk {
        Thunk(Rc::new(RefCell::new(ThunkState::Apply(f, arg))))
    }

    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The value if already evaluated.
    pub fn value(&self) -> Option<Value> {
        match &*self.0.borrow() {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }
}
