//! Interned names. Attribute names and variables are `Symbol`s: comparing or looking them up
//! never hashes or compares strings on hot paths.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// An interned string. Ids are per thread: the evaluator is single-threaded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(u32);

#[derive(Default)]
struct Interner {
    ids: FxHashMap<Rc<str>, Symbol>,
    names: Vec<Rc<str>>,
}

thread_local! {
    static INTERNER: RefCell<Interner> = RefCell::new(Interner::default());
}

impl Symbol {
    pub fn new(name: &str) -> Symbol {
        INTERNER.with(|i| {
            let mut i = i.borrow_mut();
            if let Some(&s) = i.ids.get(name) {
                return s;
            }
            let s = Symbol(i.names.len() as u32);
            let rc: Rc<str> = Rc::from(name);
            i.names.push(rc.clone());
            i.ids.insert(rc, s);
            s
        })
    }

    pub fn name(self) -> Rc<str> {
        INTERNER.with(|i| i.borrow().names[self.0 as usize].clone())
    }

    /// Compares by name, for the orders Nix exposes (attrNames, printing).
    pub fn cmp_by_name(self, other: Symbol) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        INTERNER.with(|i| {
            let i = i.borrow();
            i.names[self.0 as usize].cmp(&i.names[other.0 as usize])
        })
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Symbols the evaluator itself refers to, interned once per thread.
pub struct Known {
    pub functor: Symbol,
    pub type_: Symbol,
    pub out_path: Symbol,
    pub drv_path: Symbol,
    pub to_string: Symbol,
    pub name: Symbol,
    pub value: Symbol,
    pub key: Symbol,
    pub file: Symbol,
    pub line: Symbol,
    pub column: Symbol,
    pub success: Symbol,
    pub right: Symbol,
    pub wrong: Symbol,
    pub outputs: Symbol,
    pub out: Symbol,
    pub path: Symbol,
    pub prefix: Symbol,
    pub operator: Symbol,
    pub start_set: Symbol,
    pub ignore_nulls: Symbol,
    pub structured_attrs: Symbol,
    pub overrides: Symbol,
}

thread_local! {
    static KNOWN: Rc<Known> = Rc::new(Known {
        functor: Symbol::new("__functor"),
        type_: Symbol::new("type"),
        out_path: Symbol::new("outPath"),
        drv_path: Symbol::new("drvPath"),
        to_string: Symbol::new("__toString"),
        name: Symbol::new("name"),
        value: Symbol::new("value"),
        key: Symbol::new("key"),
        file: Symbol::new("file"),
        line: Symbol::new("line"),
        column: Symbol::new("column"),
        success: Symbol::new("success"),
        right: Symbol::new("right"),
        wrong: Symbol::new("wrong"),
        outputs: Symbol::new("outputs"),
        out: Symbol::new("out"),
        path: Symbol::new("path"),
        prefix: Symbol::new("prefix"),
        operator: Symbol::new("operator"),
        start_set: Symbol::new("startSet"),
        ignore_nulls: Symbol::new("__ignoreNulls"),
        structured_attrs: Symbol::new("__structuredAttrs"),
        overrides: Symbol::new("__overrides"),
    });
}

pub fn known() -> Rc<Known> {
    KNOWN.with(|k| k.clone())
}
