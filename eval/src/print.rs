//! Printing values as `nix-instantiate --eval` does, and short forms for error messages.

use crate::value::Value;
use rustc_hash::FxHashSet;
use std::fmt::Write;

/// Prints a value as `nix-instantiate --eval` (Nix 2.8's printer): unevaluated parts are
/// `<CODE>`, functions `<LAMBDA>` / `<PRIMOP>` / `<PRIMOP-APP>`, and a set or list reached
/// a second time through the same binding `«repeated»`.
pub fn print_value(v: &Value) -> String {
    let mut out = String::new();
    let mut seen = FxHashSet::default();
    print_into(&mut out, v, &mut seen);
    out
}

fn print_into(out: &mut String, v: &Value, seen: &mut FxHashSet<usize>) {
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || print_inner(out, v, seen))
}

fn print_inner(out: &mut String, v: &Value, seen: &mut FxHashSet<usize>) {
    match v {
        Value::Thunk(t) => match t.value() {
            Some(inner) => {
                let nonempty = match &inner {
                    Value::Attrs(a) => !a.is_empty(),
                    Value::List(l) => !l.is_empty(),
                    _ => false,
                };
                if nonempty && !seen.insert(t.as_ptr()) {
                    out.push_str("«repeated»");
                    return;
                }
                print_into(out, &inner, seen)
            }
            None => out.push_str("<CODE>"),
        },
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => escape_string(out, s.as_str()),
        Value::Path(p) => out.push_str(p),
        // Empty, these print `{ }` and `[ ]`.
        Value::Attrs(a) => {
            out.push_str("{ ");
            for attr in a.sorted_by_name() {
                print_attr_name(out, &attr.name.name());
                out.push_str(" = ");
                print_into(out, &attr.value, seen);
                out.push_str("; ");
            }
            out.push('}');
        }
        Value::List(l) => {
            out.push_str("[ ");
            for item in l.iter() {
                print_into(out, item, seen);
                out.push(' ');
            }
            out.push(']');
        }
        Value::Lambda(_) => out.push_str("<LAMBDA>"),
        Value::PrimOp(_) => out.push_str("<PRIMOP>"),
        Value::PrimOpApp(_) => out.push_str("<PRIMOP-APP>"),
    }
}

/// A string literal with Nix's escapes.
pub fn escape_string(out: &mut String, s: &str) {
    out.push('"');
    syntax::ast::push_escaped_string_text(out, s, false);
    out.push('"');
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
            other => print_into(&mut self.out, other, &mut FxHashSet::default()),
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
