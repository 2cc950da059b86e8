//! Runtime values. A `Value` is 16 bytes; everything larger lives behind an `Rc`.

use crate::error::EvalResult;
use crate::ir::{Expr, LambdaDef};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

#[derive(Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(NixString),
    Path(NixPath),
    Attrs(Rc<Attrs>),
    List(Rc<NixList>),
    Lambda(Rc<Closure>),
    PrimOp(Rc<PrimOp>),
    PrimOpApp(Rc<PrimOpApp>),
    Thunk(Thunk),
}

impl Value {
    /// Whether CppNix tells this value apart from an equal copy by its address: functions
    /// (`[ f ] == [ g ]` compares them by pointer) and lists of one or two items (Nix 2.8
    /// keeps those inside the value, so its printer's `«repeated»` sees copies as new).
    /// Sets and longer lists are told by their bindings or items, which copies share.
    pub fn has_identity(&self) -> bool {
        match self {
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => true,
            Value::List(l) => matches!(l.len(), 1 | 2),
            _ => false,
        }
    }

    /// Whether dropping this value frees nothing that holds further values: a scalar, a
    /// string or path, or a container someone else still holds.
    #[inline]
    pub fn drops_shallowly(&self) -> bool {
        match self {
            Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Path(_)
            | Value::PrimOp(_) => true,
            Value::Attrs(a) => Rc::strong_count(a) > 1,
            Value::List(l) => Rc::strong_count(l) > 1,
            Value::Lambda(c) => Rc::strong_count(c) > 1,
            Value::PrimOpApp(p) => Rc::strong_count(p) > 1,
            Value::Thunk(t) => t.is_shared(),
        }
    }

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

/// A string: bytes, as in CppNix (`substring` can cut a UTF-8 sequence, `readFile` reads
/// any file). Almost every string is valid UTF-8 and is kept as `str`; the rare one that is
/// not keeps its bytes beside a lossy `str` view for the places that need text (messages,
/// attribute names, paths).
#[derive(Clone)]
pub struct NixString(Rc<StrData>);

pub struct StrData {
    text: Box<str>,
    /// The bytes, when they are not valid UTF-8 (`text` is then their lossy decoding).
    raw: Option<Box<[u8]>>,
    context: Option<Box<Context>>,
}

impl NixString {
    pub fn new(text: impl Into<Box<str>>) -> NixString {
        NixString(Rc::new(StrData {
            text: text.into(),
            raw: None,
            context: None,
        }))
    }

    pub fn with_context(text: impl Into<Box<str>>, context: Context) -> NixString {
        NixString(Rc::new(StrData {
            text: text.into(),
            raw: None,
            context: (!context.is_empty()).then(|| Box::new(context)),
        }))
    }

    /// A string of arbitrary bytes.
    pub fn from_bytes(bytes: Vec<u8>, context: Option<Context>) -> NixString {
        let context = context.filter(|c| !c.is_empty()).map(Box::new);
        let (text, raw) = match String::from_utf8(bytes) {
            Ok(text) => (text.into_boxed_str(), None),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes)
                    .into_owned()
                    .into_boxed_str();
                (text, Some(bytes.into_boxed_slice()))
            }
        };
        NixString(Rc::new(StrData { text, raw, context }))
    }

    /// The text; lossy (U+FFFD for each invalid sequence) when the bytes are not UTF-8.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The bytes, as CppNix sees the string.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0.raw {
            Some(raw) => raw,
            None => self.0.text.as_bytes(),
        }
    }

    pub fn is_utf8(&self) -> bool {
        self.0.raw.is_none()
    }

    pub fn context(&self) -> Option<&Context> {
        self.0.context.as_deref()
    }

    pub fn has_context(&self) -> bool {
        self.0.context.is_some()
    }

    /// The same bytes with another context.
    pub fn with_new_context(&self, context: Option<Context>) -> NixString {
        NixString(Rc::new(StrData {
            text: self.0.text.clone(),
            raw: self.0.raw.clone(),
            context: context.filter(|c| !c.is_empty()).map(Box::new),
        }))
    }
}

/// A path value's text (absolute, canonical). One pointer wide, so that a [`Value`] stays
/// 16 bytes: `Rc<str>` would make every value, list item and frame slot 8 bytes larger.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NixPath(Rc<Box<str>>);

impl std::ops::Deref for NixPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for NixPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<std::path::Path> for NixPath {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&**self.0)
    }
}

impl std::fmt::Display for NixPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for NixPath {
    fn from(s: &str) -> NixPath {
        NixPath(Rc::new(s.into()))
    }
}

impl From<String> for NixPath {
    fn from(s: String) -> NixPath {
        NixPath(Rc::new(s.into_boxed_str()))
    }
}

/// A list's items. Dropping one never recurses deeply (see `release`).
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
        release(Garbage::Values(std::mem::take(&mut self.0)));
    }
}

/// Something waiting to be freed: held only so that dropping it frees it.
#[allow(dead_code)]
enum Garbage {
    Values(Vec<Value>),
    Entries(Vec<Attr>),
    Frame(Slots, Option<Env>),
}

thread_local! {
    static DROP_QUEUE: RefCell<Vec<Garbage>> = const { RefCell::new(Vec::new()) };
    static DROP_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Whether `DROP_QUEUE` may hold anything: most drops never nest deep enough to queue.
    static DROP_QUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How many container drops may nest on the native stack before the rest is queued; small
/// enough to fit in the evaluator's stack red zone.
const MAX_NESTED_DROPS: u32 = 64;

/// Frees a container's contents: directly while few drops are nested (the common, fast
/// case), otherwise through a queue the outermost drop empties. A list, set or environment
/// chain nested 100,000 deep would otherwise overflow the native stack when freed.
fn release(garbage: Garbage) {
    let depth = DROP_DEPTH.get();
    if depth >= MAX_NESTED_DROPS {
        DROP_QUEUED.set(true);
        DROP_QUEUE.with(|q| q.borrow_mut().push(garbage));
        return;
    }
    DROP_DEPTH.set(depth + 1);
    drop(garbage);
    if depth == 0 && DROP_QUEUED.get() {
        while let Some(g) = DROP_QUEUE.with(|q| q.borrow_mut().pop()) {
            drop(g);
        }
        DROP_QUEUED.set(false);
    }
    DROP_DEPTH.set(depth);
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
        release(Garbage::Entries(std::mem::take(&mut self.entries)));
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
    pub slots: RefCell<Slots>,
    pub parent: Option<Env>,
}

pub type Env = Rc<EnvFrame>;

/// A frame's values, stored inline when few: most frames belong to one-argument lambdas,
/// and this saves an allocation per call.
pub type Slots = smallvec::SmallVec<[Value; 2]>;

impl Drop for EnvFrame {
    fn drop(&mut self) {
        // Most frames free nothing nested: their values are scalars or still shared, and so
        // is their parent. Those are left to the fields' own drops, skipping the queue.
        let parent_stays = self.parent.as_ref().is_none_or(|p| Rc::strong_count(p) > 1);
        if parent_stays && self.slots.get_mut().iter().all(Value::drops_shallowly) {
            return;
        }
        release(Garbage::Frame(
            std::mem::take(self.slots.get_mut()),
            self.parent.take(),
        ));
    }
}

impl EnvFrame {
    pub fn new(slots: impl Into<Slots>, parent: Option<Env>) -> Env {
        Rc::new(EnvFrame {
            slots: RefCell::new(slots.into()),
            parent,
        })
    }
}

/// A delayed computation, evaluated at most once.
#[derive(Clone)]
pub struct Thunk(Rc<Cell<ThunkState>>);

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

// A `Cell`, not a `RefCell`: states are moved in and out whole, and the borrow flag would
// make every thunk 8 bytes larger.
impl Thunk {
    pub fn new(expr: Rc<Expr>, env: Env) -> Thunk {
        Thunk::with_state(ThunkState::Pending(expr, env))
    }

    pub fn apply(f: Value, arg: Value) -> Thunk {
        Thunk::with_state(ThunkState::Apply(f, arg))
    }

    pub fn with_state(state: ThunkState) -> Thunk {
        Thunk(Rc::new(Cell::new(state)))
    }

    /// Takes the state out, leaving a black hole until [`Thunk::set`] puts one back.
    pub fn take(&self) -> ThunkState {
        self.0.replace(ThunkState::Blackhole)
    }

    pub fn set(&self, state: ThunkState) {
        // The old state is dropped after the new one is in place: its drop may run code
        // that looks at this thunk again.
        drop(self.0.replace(state));
    }

    /// Whether another reference to this thunk exists.
    pub fn is_shared(&self) -> bool {
        Rc::strong_count(&self.0) > 1
    }

    /// An identity for cycle detection.
    pub fn as_ptr(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The value if already evaluated.
    pub fn value(&self) -> Option<Value> {
        let state = self.take();
        let value = match &state {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        };
        self.0.set(state);
        value
    }
}
