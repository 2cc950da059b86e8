//! `toJSON` and `fromJSON`.

use super::attr;
use crate::coerce::CoerceMode;
use crate::error::{EvalResult, err};
use crate::machine::{Machine, m_trace};
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::io::Write;

pub fn to_json(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let mut out = Vec::new();
    let mut context = Context::new();
    write_json(m, &args[0], pos, &mut out, &mut context)?;
    Ok(Value::String(NixString::from_bytes(out, Some(context))))
}

/// Appends the JSON text of a value, collecting the string context it carries. Bytes:
/// CppNix copies a string's bytes through, UTF-8 or not.
pub fn write_json(
    m: &mut Machine,
    v: &Value,
    pos: Pos,
    out: &mut Vec<u8>,
    context: &mut Context,
) -> EvalResult<()> {
    let v = m.force(v)?;
    match &v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.extend_from_slice(json_float(*f).as_bytes()),
        Value::String(s) => {
            if let Some(c) = s.context() {
                context.extend(c.iter().cloned());
            }
            json_string(out, s.as_bytes());
        }
        Value::Path(_) => {
            let s = m.coerce_to_string(&v, pos, CoerceMode::interpolation())?;
            if let Some(c) = s.context() {
                context.extend(c.iter().cloned());
            }
            json_string(out, s.as_bytes());
        }
        Value::Attrs(a) => {
            if a.contains(m.known.to_string) {
                let s = m.coerce_to_string(&v, pos, CoerceMode::interpolation())?;
                if let Some(c) = s.context() {
                    context.extend(c.iter().cloned());
                }
                json_string(out, s.as_bytes());
                return Ok(());
            }
            if let Some(p) = a.get(m.known.out_path).cloned() {
                return write_json(m, &p, pos, out, context);
            }
            out.push(b'{');
            for (i, x) in a.sorted_by_name().into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_string(out, x.name.name().as_bytes());
                out.push(b':');
                m.nested(pos, |m| write_json(m, &x.value, pos, out, context))
                    .map_err(|e| {
                        m_trace(e, x.pos, || {
                            format!("while evaluating attribute '{}'", x.name)
                        })
                    })?;
            }
            out.push(b'}');
        }
        Value::List(l) => {
            out.push(b'[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                m.nested(pos, |m| write_json(m, x, pos, out, context))
                    .map_err(|e| {
                        m_trace(e, pos, || {
                            format!("while evaluating list element at index {i}")
                        })
                    })?;
            }
            out.push(b']');
        }
        other => {
            return err(format!("cannot convert {} to JSON", other.type_desc()), pos);
        }
    }
    Ok(())
}

/// A JSON string as CppNix writes it: five short escapes, `\b`, `\f`, `\u00XX` for the
/// other control bytes, every other byte as it is.
pub fn json_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b if b < 0x20 => {
                let _ = write!(out, "\\u{b:04x}");
            }
            b => out.push(b),
        }
    }
    out.push(b'"');
}

/// A float as nlohmann::json prints it: shortest round-trip digits, fixed notation for
/// decimal exponents in -4..15 (with `.0` for whole numbers), exponent notation otherwise.
pub fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').expect("exponent present");
    let exp: i32 = exp.parse().expect("integer exponent");
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let n = exp + 1; // position of the decimal point relative to the digits
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 15 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
        out.push_str(".0");
    } else if 0 < n && n <= 15 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -4 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()),
        );
    }
    out
}

pub fn from_json(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    match serde_json::from_str::<serde_json::Value>(&integer_negative_zero(s.as_str())) {
        Ok(j) => json_to_value(&j).or_else(|message| err(message, pos)),
        Err(e) => err(format!("while decoding JSON: {e}"), pos),
    }
}

/// `-0` written as an integer is the integer 0 in CppNix (nlohmann::json reads it as one),
/// but serde_json makes it the float -0.0: a standalone `-0` outside strings becomes ` 0`
/// before parsing (same length, so error positions stay). `-0.0` and `-0e0` stay floats.
fn integer_negative_zero(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let (mut in_string, mut escaped) = (false, false);
    for (i, &c) in bytes.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'-'
            && bytes.get(i + 1) == Some(&b'0')
            && !matches!(bytes.get(i + 2), Some(b'0'..=b'9' | b'.' | b'e' | b'E'))
        {
            out.get_or_insert_with(|| bytes.to_vec())[i] = b' ';
        }
    }
    match out {
        // Only an ASCII byte was replaced by another: still UTF-8.
        Some(v) => std::borrow::Cow::Owned(String::from_utf8(v).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The Nix value of decoded JSON. As in Nix, integers above `i64::MAX` are an error (not a
/// float) and strings holding NUL are refused, since Nix strings cannot contain it.
fn json_to_value(j: &serde_json::Value) -> Result<Value, String> {
    Ok(match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Int(i),
            (None, Some(u)) => {
                return Err(format!(
                    "unsigned json number {u} outside of Nix integer range"
                ));
            }
            (None, None) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::string(nix_string(s)?),
        serde_json::Value::Array(items) => {
            Value::list(items.iter().map(json_to_value).collect::<Result<_, _>>()?)
        }
        serde_json::Value::Object(map) => {
            let mut attrs = Vec::with_capacity(map.len());
            for (k, v) in map {
                attrs.push(attr(Symbol::new(nix_string(k)?), json_to_value(v)?));
            }
            Value::attrs(Attrs::from_unsorted(attrs))
        }
    })
}

fn nix_string(s: &str) -> Result<&str, String> {
    if s.contains('\0') {
        return Err(format!(
            "input string '{}' cannot be represented as Nix string because it contains null bytes",
            s.replace('\0', "\u{2400}")
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::json_float;

    #[test]
    fn floats_print_like_nlohmann() {
        assert_eq!(json_float(1.44), "1.44");
        assert_eq!(json_float(1.0), "1.0");
        assert_eq!(json_float(1e20), "1e+20");
        assert_eq!(json_float(0.001), "0.001");
        assert_eq!(json_float(1.5e-7), "1.5e-07");
        assert_eq!(json_float(-3.25), "-3.25");
    }
}
