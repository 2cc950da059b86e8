//! `fromTOML`.

use super::attr;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::fmt::Write;

pub fn from_toml(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let table: toml::Table = match s.as_str().parse() {
        Ok(t) => t,
        Err(e) => return err(format!("while parsing TOML: {}", e.message()), pos),
    };
    let timestamps = m.options.toml_timestamps;
    convert(&toml::Value::Table(table), timestamps, pos)
}

/// Nix strings cannot hold NUL bytes: such a TOML key or value is an error.
fn without_nul(s: &str, pos: Pos) -> EvalResult<&str> {
    if s.contains('\0') {
        return err(
            format!(
                // CppNix reports it from inside its TOML parsing, hence the two prefixes.
                "while parsing TOML: error: input string '{}' cannot be represented as Nix \
                 string because it contains null bytes",
                s.replace('\0', "␀")
            ),
            pos,
        );
    }
    Ok(s)
}

fn convert(v: &toml::Value, timestamps: bool, pos: Pos) -> EvalResult<Value> {
    Ok(match v {
        toml::Value::String(s) => Value::string(without_nul(s, pos)?),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => {
            if !timestamps {
                return err("while parsing TOML: Dates and times are not supported", pos);
            }
            Value::attrs(Attrs::from_unsorted(vec![
                attr(Symbol::new("_type"), Value::string("timestamp")),
                attr(Symbol::new("value"), Value::string(timestamp_text(d))),
            ]))
        }
        toml::Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(convert(i, timestamps, pos)?);
            }
            Value::list(out)
        }
        toml::Value::Table(t) => {
            let mut out = Vec::with_capacity(t.len());
            for (k, v) in t {
                out.push(attr(
                    Symbol::new(without_nul(k, pos)?),
                    convert(v, timestamps, pos)?,
                ));
            }
            Value::attrs(Attrs::from_unsorted(out))
        }
    })
}

/// A TOML date-time as Nix prints it (through toml11): `T` between date and time, and
/// fractional seconds as milli-, micro- or nanoseconds (3, 6 or 9 digits), whichever is
/// the shortest exact one.
fn timestamp_text(d: &toml::value::Datetime) -> String {
    let mut out = String::new();
    if let Some(date) = &d.date {
        let _ = write!(out, "{:04}-{:02}-{:02}", date.year, date.month, date.day);
    }
    if let Some(time) = &d.time {
        if d.date.is_some() {
            out.push('T');
        }
        let second = time.second.unwrap_or(0);
        let _ = write!(out, "{:02}:{:02}:{second:02}", time.hour, time.minute);
        match time.nanosecond.unwrap_or(0) {
            0 => {}
            ns if ns % 1_000_000 == 0 => {
                let _ = write!(out, ".{:03}", ns / 1_000_000);
            }
            ns if ns % 1_000 == 0 => {
                let _ = write!(out, ".{:06}", ns / 1_000);
            }
            ns => {
                let _ = write!(out, ".{ns:09}");
            }
        }
    }
    match d.offset {
        Some(toml::value::Offset::Z) => out.push('Z'),
        Some(toml::value::Offset::Custom { minutes }) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let m = minutes.unsigned_abs();
            let _ = write!(out, "{sign}{:02}:{:02}", m / 60, m % 60);
        }
        None => {}
    }
    out
}
