//! String builtins.

use super::attr;
use crate::coerce::CoerceMode;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::cmp::Ordering;
use store::hash::{Encoding, Hash, HashAlgo};

pub fn to_string(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    Ok(Value::String(m.coerce_to_string(
        &args[0],
        pos,
        CoerceMode::to_string(),
    )?))
}

pub fn string_length(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.coerce_to_string(&args[0], pos, CoerceMode::interpolation())?;
    Ok(Value::Int(s.as_bytes().len() as i64))
}

pub fn substring(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let start = m.force_int(&args[0], pos)?;
    let len = m.force_int(&args[1], pos)?;
    if start < 0 {
        return err("negative start position in 'substring'", pos);
    }
    let s = m.coerce_to_string(&args[2], pos, CoerceMode::interpolation())?;
    let bytes = s.as_bytes();
    let start = (start as usize).min(bytes.len());
    let end = if len < 0 {
        bytes.len()
    } else {
        start.saturating_add(len as usize).min(bytes.len())
    };
    if start == 0 && end == bytes.len() {
        return Ok(Value::String(s));
    }
    Ok(Value::String(NixString::from_bytes(
        bytes[start..end].to_vec(),
        s.context().cloned(),
    )))
}

pub fn concat_strings_sep(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The separator must be a string already (CppNix forces it, coercing only the items).
    let sep = m.force_str(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    let mut parts = Vec::with_capacity(l.len() * 2);
    for (i, item) in l.iter().enumerate() {
        if i > 0 {
            parts.push(sep.clone());
        }
        parts.push(m.coerce_to_string(item, pos, CoerceMode::interpolation())?);
    }
    if parts.is_empty() {
        return Ok(Value::string(""));
    }
    Ok(Value::String(crate::coerce::concat(&parts)))
}

pub fn replace_strings(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let from_list = m.force_list(&args[0], pos)?;
    let to_list = m.force_list(&args[1], pos)?;
    if from_list.len() != to_list.len() {
        return err(
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
            pos,
        );
    }
    let mut from = Vec::with_capacity(from_list.len());
    for f in from_list.iter() {
        from.push(m.force_str(f, pos)?);
    }
    // `to` strings are forced only when used, as in current Nix.
    let mut to: Vec<Option<NixString>> = vec![None; to_list.len()];
    let s = m.force_str(&args[2], pos)?;
    // Byte by byte, as CppNix: an empty pattern matches between any two bytes.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut context = s.context().cloned().unwrap_or_default();
    let mut i = 0;
    while i <= bytes.len() {
        let mut matched = false;
        for (j, f) in from.iter().enumerate() {
            let f = f.as_bytes();
            if bytes[i..].starts_with(f) {
                if to[j].is_none() {
                    to[j] = Some(m.force_str(&to_list[j], pos)?);
                }
                let replacement = to[j].as_ref().expect("just forced");
                out.extend_from_slice(replacement.as_bytes());
                if let Some(c) = replacement.context() {
                    context.extend(c.iter().cloned());
                }
                if f.is_empty() {
                    out.extend(bytes.get(i));
                    i += 1;
                } else {
                    i += f.len();
                }
                matched = true;
                break;
            }
        }
        if !matched {
            out.extend(bytes.get(i));
            i += 1;
        }
    }
    Ok(Value::String(NixString::from_bytes(out, Some(context))))
}

/// Nix's version components: runs of digits, or of other characters, split at `.` and `-`.
pub fn version_components(v: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'.' || v[i] == b'-' {
            i += 1;
            continue;
        }
        let start = i;
        let digits = v[i].is_ascii_digit();
        while i < v.len() && v[i] != b'.' && v[i] != b'-' && v[i].is_ascii_digit() == digits {
            i += 1;
        }
        out.push(&v[start..i]);
    }
    out
}

/// CppNix's `componentsLT` (src/libstore/names.cc): a number is what `string2Int<int>`
/// reads, so a component beyond 32 bits counts as a word (`"2" > "4294967296"`).
fn component_less(a: &[u8], b: &[u8]) -> bool {
    let number = |c: &[u8]| {
        std::str::from_utf8(c)
            .ok()
            .and_then(|c| c.parse::<i32>().ok())
            .filter(|_| !c.is_empty())
    };
    let (na, nb) = (number(a), number(b));
    match (na, nb) {
        (Some(x), Some(y)) => x < y,
        _ if a.is_empty() && nb.is_some() => true,
        _ if a == b"pre" && b != b"pre" => true,
        _ if b == b"pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => a < b,
    }
}

pub fn compare_version_strings(a: &[u8], b: &[u8]) -> Ordering {
    let ca = version_components(a);
    let cb = version_components(b);
    for i in 0..ca.len().max(cb.len()) {
        let x = ca.get(i).copied().unwrap_or(b"");
        let y = cb.get(i).copied().unwrap_or(b"");
        if component_less(x, y) {
            return Ordering::Less;
        }
        if component_less(y, x) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

/// A piece of a string, without context.
fn piece(bytes: &[u8]) -> Value {
    Value::String(NixString::from_bytes(bytes.to_vec(), None))
}

pub fn split_version(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    Ok(Value::list(
        version_components(s.as_bytes())
            .into_iter()
            .map(piece)
            .collect(),
    ))
}

pub fn compare_versions(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_str(&args[0], pos)?;
    let b = m.force_str(&args[1], pos)?;
    Ok(Value::Int(
        match compare_version_strings(a.as_bytes(), b.as_bytes()) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
    ))
}

/// `name-1.2` → `("name", "1.2")`: the version starts after the first `-` not followed by a
/// letter.
pub fn split_drv_name(s: &[u8]) -> (&[u8], &[u8]) {
    for i in 0..s.len() {
        if s[i] == b'-' && s.get(i + 1).is_some_and(|c| !c.is_ascii_alphabetic()) {
            return (&s[..i], &s[i + 1..]);
        }
    }
    (s, b"")
}

pub fn parse_drv_name(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let (name, version) = split_drv_name(s.as_bytes());
    let k = m.known.clone();
    Ok(Value::attrs(Attrs::from_unsorted(vec![
        attr(k.name, piece(name)),
        attr(Symbol::new("version"), piece(version)),
    ])))
}

pub fn base_name_of(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    let s = m.coerce_to_string(&v, pos, CoerceMode::path_part())?;
    let base = crate::paths::base_name_bytes(s.as_bytes()).to_vec();
    Ok(Value::String(NixString::from_bytes(
        base,
        s.context().cloned(),
    )))
}

pub fn dir_of(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    if let Value::Path(p) = &v {
        let parent = crate::paths::canonicalize(crate::paths::dir_of(p));
        return Ok(Value::Path(parent.into()));
    }
    let s = m.coerce_to_string(&v, pos, CoerceMode::path_part())?;
    let dir = crate::paths::dir_of_bytes(s.as_bytes()).to_vec();
    Ok(Value::String(NixString::from_bytes(
        dir,
        s.context().cloned(),
    )))
}

pub fn parse_algo(name: &str, pos: Pos) -> EvalResult<HashAlgo> {
    match name.parse::<HashAlgo>() {
        Ok(a) => Ok(a),
        Err(_) => err(
            format!(
                "unknown hash algorithm '{name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'"
            ),
            pos,
        ),
    }
}

pub fn hash_string(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let algo = m.force_plain_str(&args[0], pos)?;
    let algo = parse_algo(&algo, pos)?;
    let s = m.force_str(&args[1], pos)?;
    Ok(Value::string(Hash::digest(algo, s.as_bytes()).to_base16()))
}

pub fn convert_hash(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let hash = m.require_attr(&a, Symbol::new("hash"), pos)?;
    let hash = m.force_plain_str(&hash, pos)?;
    let algo = match a.get(Symbol::new("hashAlgo")) {
        Some(v) => {
            let name = m.force_plain_str(&v.clone(), pos)?;
            Some(parse_algo(&name, pos)?)
        }
        None => None,
    };
    let format = m.require_attr(&a, Symbol::new("toHashFormat"), pos)?;
    let format = m.force_plain_str(&format, pos)?;
    let parsed = match Hash::parse_any(&hash, algo) {
        Ok(h) => h,
        Err(e) => return err(e.to_string(), pos),
    };
    let (encoding, with_algo) = match &*format {
        "base16" => (Encoding::Base16, false),
        "nix32" | "base32" => (Encoding::Nix32, false),
        "base64" => (Encoding::Base64, false),
        "sri" => (Encoding::Sri, true),
        other => {
            return err(
                format!(
                    "unknown hash format '{other}', expect 'base16', 'base32', 'base64', or 'sri'"
                ),
                pos,
            );
        }
    };
    Ok(Value::string(parsed.encode(encoding, with_algo)))
}
