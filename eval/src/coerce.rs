//! Turning values into strings, as Nix's `coerceToString` does: interpolation copies paths
//! to the store; `toString` also accepts numbers, Booleans, null and lists.

use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::{Context, NixString, Value};

#[derive(Clone, Copy)]
pub struct CoerceMode {
    /// `toString`: integers, floats, Booleans, null and lists too.
    pub more: bool,
    /// Interpolation: a path becomes the store path it is copied to.
    pub copy_to_store: bool,
}

impl CoerceMode {
    pub fn interpolation() -> CoerceMode {
        CoerceMode {
            more: false,
            copy_to_store: true,
        }
    }
    pub fn to_string() -> CoerceMode {
        CoerceMode {
            more: true,
            copy_to_store: false,
        }
    }
    /// Derivation attributes: anything `toString` takes, paths copied to the store.
    pub fn to_string_copy() -> CoerceMode {
        CoerceMode {
            more: true,
            copy_to_store: true,
        }
    }
    pub fn path_part() -> CoerceMode {
        CoerceMode {
            more: false,
            copy_to_store: false,
        }
    }
}

/// Concatenates strings, merging their contexts.
pub fn concat(parts: &[NixString]) -> NixString {
    if parts.len() == 1 {
        return parts[0].clone();
    }
    let mut context: Option<Context> = None;
    for p in parts {
        if let Some(c) = p.context() {
            context
                .get_or_insert_with(Context::new)
                .extend(c.iter().cloned());
        }
    }
    if parts.iter().all(NixString::is_utf8) {
        let mut text = String::with_capacity(parts.iter().map(|p| p.as_str().len()).sum());
        for p in parts {
            text.push_str(p.as_str());
        }
        return match context {
            Some(c) => NixString::with_context(text, c),
            None => NixString::new(text),
        };
    }
    // Pieces of a cut UTF-8 sequence may join up again: work on the bytes.
    let bytes = parts.iter().flat_map(|p| p.as_bytes()).copied().collect();
    NixString::from_bytes(bytes, context)
}

/// `std::to_string(double)`: six decimals.
pub fn float_to_string(f: f64) -> String {
    format!("{f:.6}")
}

impl Machine {
    pub fn coerce_to_string(
        &mut self,
        v: &Value,
        pos: Pos,
        mode: CoerceMode,
    ) -> EvalResult<NixString> {
        let v = self.force(v)?;
        match &v {
            Value::String(s) => Ok(s.clone()),
            Value::Path(p) => {
                if mode.copy_to_store {
                    let store_path = self.copy_path_to_store(p, pos)?;
                    let mut ctx = Context::new();
                    ctx.insert(store_path.as_str().into());
                    Ok(NixString::with_context(store_path, ctx))
                } else {
                    Ok(NixString::new(&**p))
                }
            }
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get(self.known.to_string).cloned() {
                    let f = self.force(&f)?;
                    let r = self.call(f, v.clone(), pos)?;
                    return self.coerce_to_string(&r, pos, mode);
                }
                if let Some(out) = attrs.get(self.known.out_path).cloned() {
                    return self.coerce_to_string(&out, pos, mode);
                }
                err(
                    format!(
                        "cannot coerce a set to a string: {}",
                        crate::print::show_value_short(&v)
                    ),
                    pos,
                )
            }
            Value::Int(i) if mode.more => Ok(NixString::new(i.to_string())),
            Value::Float(f) if mode.more => Ok(NixString::new(float_to_string(*f))),
            Value::Bool(b) if mode.more => Ok(NixString::new(if *b { "1" } else { "" })),
            Value::Null if mode.more => Ok(NixString::new("")),
            Value::List(items) if mode.more => {
                let mut parts = Vec::with_capacity(items.len() * 2);
                for (i, item) in items.iter().enumerate() {
                    let item = self.force(item)?;
                    parts.push(self.guarded(|m| m.coerce_to_string(&item, pos, mode))?);
                    let empty_list = matches!(&item, Value::List(l) if l.is_empty());
                    if i + 1 < items.len() && !empty_list {
                        parts.push(NixString::new(" "));
                    }
                }
                Ok(concat(&parts))
            }
            other => err(
                format!(
                    "cannot coerce {} to a string: {}",
                    other.type_desc(),
                    crate::print::show_value_short(other)
                ),
                pos,
            ),
        }
    }

    /// Forces a string, ignoring its context.
    pub fn force_str(&mut self, v: &Value, pos: Pos) -> EvalResult<NixString> {
        match self.force(v)? {
            Value::String(s) => Ok(s),
            other => crate::builtins::type_error("a string", &other, pos),
        }
    }

    /// A path or a string holding an absolute path (`readFile "/etc/hosts"`).
    pub fn coerce_to_path(&mut self, v: &Value, pos: Pos) -> EvalResult<String> {
        let v = self.force(v)?;
        if let Value::Path(p) = &v {
            return Ok(p.to_string());
        }
        Ok(self.coerce_to_path_string(&v, pos)?.as_str().to_string())
    }

    /// [`Machine::coerce_to_path`] as a string, keeping its bytes and context (`toPath`).
    pub fn coerce_to_path_string(&mut self, v: &Value, pos: Pos) -> EvalResult<NixString> {
        let v = self.force(v)?;
        let s = match &v {
            Value::Path(p) => return Ok(NixString::new(&**p)),
            _ => self.coerce_to_string(&v, pos, CoerceMode::path_part())?,
        };
        if !s.as_bytes().starts_with(b"/") {
            return err(
                format!("string '{}' doesn't represent an absolute path", s.as_str()),
                pos,
            );
        }
        // A path inside a derivation's output is there only once it is built, and firn
        // never builds while evaluating (Nix's `allow-import-from-derivation = false`).
        if let Some(drv) = s.context().and_then(|c| {
            c.iter().find_map(|e| {
                e.strip_prefix('!')
                    .and_then(|o| o.split_once('!'))
                    .map(|(_, d)| d)
            })
        }) && !self.fs.exists(std::path::Path::new(s.as_str()))
        {
            return err(
                format!(
                    "cannot build '{drv}' during evaluation: firn never builds while evaluating (import from derivation)"
                ),
                pos,
            );
        }
        Ok(s)
    }
}
