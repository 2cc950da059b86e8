//! `==` and `<` with Nix's rules.

use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::Value;
use std::cmp::Ordering;
use std::rc::Rc;

impl Machine {
    /// `a == b`. Functions are never equal, except that the same function value inside
    /// lists or sets compares equal to itself (Nix compares those by identity first).
    pub fn equal(&mut self, a: &Value, b: &Value, _pos: Pos) -> EvalResult<bool> {
        self.equal_inner(a, b, true)
    }

    /// `a == b` between two values CppNix holds by pointer (`elem`'s needle and a list
    /// item: `eqValues(*args[0], *elem)`): the same value object is equal to itself,
    /// functions included.
    pub fn equal_objects(&mut self, a: &Value, b: &Value) -> EvalResult<bool> {
        self.equal_inner(a, b, false)
    }

    fn equal_inner(&mut self, a: &Value, b: &Value, top: bool) -> EvalResult<bool> {
        if !top && identical(a, b) {
            return Ok(true);
        }
        let a = self.force(a)?;
        let b = self.force(b)?;
        Ok(match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Int(x), Value::Float(y)) => (*x as f64) == *y,
            (Value::Float(x), Value::Int(y)) => *x == (*y as f64),
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Null, Value::Null) => true,
            (Value::String(x), Value::String(y)) => x.as_bytes() == y.as_bytes(),
            (Value::Path(x), Value::Path(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (i, j) in x.iter().zip(y.iter()) {
                    if !self.equal_inner(i, j, false)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                // Derivations compare by output path.
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    let out = self.known.out_path;
                    if let (Some(p), Some(q)) = (x.get(out).cloned(), y.get(out).cloned()) {
                        return self.equal_inner(&p, &q, false);
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                // Name and value together, in name order, as CppNix's eqValues: a value
                // before the first differing name is forced (and may fail).
                for (i, j) in x.iter().zip(y.iter()) {
                    if i.name != j.name || !self.equal_inner(&i.value, &j.value, false)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    pub fn is_derivation(&mut self, attrs: &crate::value::Attrs) -> EvalResult<bool> {
        match attrs.get(self.known.type_).cloned() {
            Some(t) => match self.force(&t)? {
                Value::String(s) => Ok(s.as_str() == "derivation"),
                _ => Ok(false),
            },
            None => Ok(false),
        }
    }

    /// `a < b` for numbers, strings, paths and lists (lexicographically).
    pub fn less_than(&mut self, a: &Value, b: &Value, pos: Pos) -> EvalResult<bool> {
        Ok(self.compare(a, b, pos)? == Ordering::Less)
    }

    pub fn compare(&mut self, a: &Value, b: &Value, pos: Pos) -> EvalResult<Ordering> {
        let a = self.force(a)?;
        let b = self.force(b)?;
        match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => Ok(x.cmp(y)),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                let x = num(&a);
                let y = num(&b);
                Ok(x.partial_cmp(&y).unwrap_or(Ordering::Greater))
            }
            (Value::String(x), Value::String(y)) => Ok(x.as_bytes().cmp(y.as_bytes())),
            (Value::Path(x), Value::Path(y)) => Ok(x.cmp(y)),
            (Value::List(x), Value::List(y)) => {
                for (i, j) in x.iter().zip(y.iter()) {
                    if !self.equal_inner(i, j, false)? {
                        return self.compare(i, j, pos);
                    }
                }
                Ok(x.len().cmp(&y.len()))
            }
            // CppNix's CompareValues: different types, or a type with no order.
            _ if a.type_desc() != b.type_desc() => err(
                format!(
                    "cannot compare {} with {}; values are {} and {}",
                    a.type_desc(),
                    b.type_desc(),
                    crate::print::show_value_short(&a),
                    crate::print::show_value_short(&b)
                ),
                pos,
            ),
            _ => err(
                format!(
                    "cannot compare {} with {}; values of that type are incomparable (values \
                     are {} and {})",
                    a.type_desc(),
                    b.type_desc(),
                    crate::print::show_value_short(&a),
                    crate::print::show_value_short(&b)
                ),
                pos,
            ),
        }
    }
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// The same value object: shared thunks, or the same function.
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Thunk(x), Value::Thunk(y)) => x.ptr_eq(y),
        (Value::Lambda(x), Value::Lambda(y)) => Rc::ptr_eq(x, y),
        (Value::PrimOp(x), Value::PrimOp(y)) => Rc::ptr_eq(x, y),
        (Value::PrimOpApp(x), Value::PrimOpApp(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}
