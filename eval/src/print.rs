//! Printing values as `nix-instantiate --eval` does, and short forms for error messages.

use crate::value::Value;
use rustc_hash::FxHashSet;
use std::fmt::Write;
use std::rc::Rc;

/// Prints a value as `nix-instantiate --eval` (Nix 2.8's printer): unevaluated parts are
/// `<CODE>`, functions `<LAMBDA>` / `<PRIMOP>` / `<PRIMOP-APP>`, and a non-empty set or list
/// met a second time `«repeated»`: the same bindings or items, as Nix 2.8 tells them by
/// their pointer (`Value::print`), however the value was reached (`t = s`, `s // { }`, `if`,
/// a selection, a call).
pub fn print_value(v: &Value) -> String {
    String::from_utf8_lossy(&print_value_bytes(v)).into_owned()
}

/// [`print_value`]'s bytes: a string that is not UTF-8 prints as its bytes, as in CppNix.
pub fn print_value_bytes(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    let mut seen = FxHashSet::default();
    print_into(&mut out, v, &mut seen);
    out
}

fn print_into(out: &mut Vec<u8>, v: &Value, seen: &mut FxHashSet<usize>) {
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || print_inner(out, v, seen))
}

fn print_inner(out: &mut Vec<u8>, v: &Value, seen: &mut FxHashSet<usize>) {
    let (v, thunk) = match v {
        Value::Thunk(t) => match t.value() {
            Some(inner) => (inner, Some(t.as_ptr())),
            None => return out.extend_from_slice("<CODE>".as_bytes()),
        },
        other => (other.clone(), None),
    };
    if let Some(key) = identity(&v, thunk)
        && !seen.insert(key)
    {
        return out.extend_from_slice("«repeated»".as_bytes());
    }
    match &v {
        // A thunk forced to another thunk.
        Value::Thunk(_) => print_into(out, &v, seen),
        Value::Null => out.extend_from_slice("null".as_bytes()),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => {
            out.extend_from_slice(i.to_string().as_bytes());
        }
        Value::Float(f) => out.extend_from_slice(format_float(*f).as_bytes()),
        Value::String(s) => escape_bytes(out, s.as_bytes()),
        Value::Path(p) => out.extend_from_slice(p.as_bytes()),
        // Empty, these print `{ }` and `[ ]`.
        Value::Attrs(a) => {
            out.extend_from_slice("{ ".as_bytes());
            for attr in a.sorted_by_name() {
                let mut name = String::new();
                print_attr_name(&mut name, &attr.name.name());
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(" = ".as_bytes());
                print_into(out, &attr.value, seen);
                out.extend_from_slice("; ".as_bytes());
            }
            out.push(b'}');
        }
        Value::List(l) => {
            out.extend_from_slice("[ ".as_bytes());
            for item in l.iter() {
                print_into(out, item, seen);
                out.push(b' ');
            }
            out.push(b']');
        }
        Value::Lambda(_) => out.extend_from_slice("<LAMBDA>".as_bytes()),
        Value::PrimOp(_) => out.extend_from_slice("<PRIMOP>".as_bytes()),
        Value::PrimOpApp(_) => out.extend_from_slice("<PRIMOP-APP>".as_bytes()),
    }
}

/// What Nix 2.8's printer tells a set or list by (`Value::print`): a set's bindings and a
/// long list's items, which copies share; a short list lives inside its value (see
/// [`Value::has_identity`]), here the thunk that holds it.
fn identity(v: &Value, thunk: Option<usize>) -> Option<usize> {
    match v {
        Value::Attrs(a) if !a.is_empty() => Some(Rc::as_ptr(a) as usize),
        Value::List(l) if v.has_identity() => Some(thunk.unwrap_or(Rc::as_ptr(l) as usize)),
        Value::List(l) if !l.is_empty() => Some(Rc::as_ptr(l) as usize),
        _ => None,
    }
}

/// A string literal with Nix's escapes.
pub fn escape_string(out: &mut String, s: &str) {
    out.push('"');
    syntax::ast::push_escaped_string_text(out, s, false);
    out.push('"');
}

/// A string literal's bytes with Nix's escapes (`\\`, `\"`, `\n`, `\r`, `\t`, `\${`).
fn escape_bytes(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if s.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            b => out.push(b),
        }
    }
    out.push(b'"');
}

/// CppNix's `isReservedKeyword`: `or` is not among them (it may name an attribute).
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit",
];

/// Whether a name can be written bare in an attribute set.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&name)
}

pub fn print_attr_name(out: &mut String, name: &str) {
    if is_identifier(name) {
        out.push_str(name);
    } else {
        escape_string(out, name);
    }
}

/// C++'s default stream formatting of a double (`%g`, six significant digits).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    const PRECISION: i32 = 6;
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, f);
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("scientific format has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    if !(-4..PRECISION).contains(&exp) {
        let mantissa = trim_fraction(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (PRECISION - 1 - exp).max(0) as usize;
        trim_fraction(&format!("{f:.decimals$}")).to_string()
    }
}

fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// A short, non-forcing rendering of a value for error messages, as CppNix's printer with
/// its error options renders it: at most 10 attributes and 10 list items in all (counted
/// over the whole value, each after it is printed), 10 levels deep, functions with where
/// they were written.
pub fn show_value_short(v: &Value) -> String {
    let mut printer = ShortPrinter::default();
    printer.print(v, 0);
    printer.out
}

const MAX_ITEMS: usize = 10;
const MAX_ATTRS: usize = 10;
const MAX_DEPTH: usize = 10;

#[derive(Default)]
struct ShortPrinter {
    out: String,
    attrs_printed: usize,
    items_printed: usize,
}

impl ShortPrinter {
    /// `«3 items elided» `: what the budget left out.
    fn elided(&mut self, left: usize, noun: &str) {
        let plural = if left == 1 { "" } else { "s" };
        let _ = write!(self.out, "«{left} {noun}{plural} elided» ");
    }

    fn print(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Thunk(t) => match t.value() {
                Some(inner) => self.print(&inner, depth),
                None => self.out.push_str("«thunk»"),
            },
            Value::Attrs(a) => {
                if a.is_empty() {
                    self.out.push_str("{ }");
                } else if depth >= MAX_DEPTH {
                    self.out.push_str("{ ... }");
                } else {
                    self.out.push_str("{ ");
                    let sorted = a.sorted_by_name();
                    for (i, attr) in sorted.iter().enumerate() {
                        if self.attrs_printed >= MAX_ATTRS {
                            self.elided(sorted.len() - i, "attribute");
                            break;
                        }
                        print_attr_name(&mut self.out, &attr.name.name());
                        self.out.push_str(" = ");
                        self.print(&attr.value, depth + 1);
                        self.out.push_str("; ");
                        self.attrs_printed += 1;
                    }
                    self.out.push('}');
                }
            }
            Value::List(l) => {
                if l.is_empty() {
                    self.out.push_str("[ ]");
                } else if depth >= MAX_DEPTH {
                    self.out.push_str("[ ... ]");
                } else {
                    self.out.push_str("[ ");
                    for (i, item) in l.iter().enumerate() {
                        if self.items_printed >= MAX_ITEMS {
                            self.elided(l.len() - i, "item");
                            break;
                        }
                        self.print(item, depth + 1);
                        self.out.push(' ');
                        self.items_printed += 1;
                    }
                    self.out.push(']');
                }
            }
            Value::Lambda(c) => {
                self.out.push_str("«lambda");
                if let Some(name) = c.def.name {
                    let _ = write!(self.out, " {name}");
                }
                if let Some(at) = crate::source::describe_current(c.def.pos) {
                    let _ = write!(self.out, " @ {at}");
                }
                self.out.push('»');
            }
            Value::PrimOp(p) => {
                let _ = write!(self.out, "«primop {}»", p.name);
            }
            Value::PrimOpApp(p) => {
                let _ = write!(self.out, "«partially applied primop {}»", p.op.name);
            }
            other => self.out.push_str(&print_value(other)),
        }
    }
}

/// The source text of an expression, for messages such as "assertion '…' failed".
pub fn show_expr(e: &syntax::ast::Expr) -> String {
    use syntax::ast::AstNode;
    e.syntax().text().to_string()
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn floats_print_like_cpp_streams() {
        assert_eq!(format_float(3.4), "3.4");
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(1e20), "1e+20");
        assert_eq!(format_float(123456.7), "123457");
        assert_eq!(format_float(1234567.0), "1.23457e+06");
        assert_eq!(format_float(0.0001), "0.0001");
        assert_eq!(format_float(0.00001), "1e-05");
        assert_eq!(format_float(-2.5), "-2.5");
    }
}
