//! String-context builtins. A context element is `/nix/store/…` (a path), `=/nix/store/….drv`
//! (a derivation and everything it needs) or `!out!/nix/store/….drv` (one output).

use super::attr;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::collections::BTreeMap;
use std::rc::Rc;

pub fn has_context(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    Ok(Value::Bool(s.has_context()))
}

pub fn discard_context(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    Ok(Value::String(s.with_new_context(None)))
}

pub fn discard_output_dependency(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let ctx = s
        .context()
        .map(|c| {
            c.iter()
                .map(|e| match e.strip_prefix('=') {
                    Some(p) => Rc::from(p),
                    None => e.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Value::String(s.with_new_context(Some(ctx))))
}

pub fn add_drv_output_dependencies(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let ctx: Vec<Rc<str>> = s
        .context()
        .map(|c| c.iter().cloned().collect())
        .unwrap_or_default();
    if ctx.len() != 1 {
        return err(
            format!(
                "context of string '{}' must have exactly one element, but has {}",
                s.as_str(),
                ctx.len()
            ),
            pos,
        );
    }
    let e = &ctx[0];
    if e.starts_with('=') {
        // Already a derivation with all its outputs: unchanged, so the builtin is idempotent.
        return Ok(Value::String(s));
    }
    if let Some(built) = e.strip_prefix('!') {
        let output = built.split('!').next().unwrap_or_default();
        return err(
            format!(
                "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{output}'"
            ),
            pos,
        );
    }
    if !e.ends_with(".drv") {
        return err(format!("path '{e}' is not a derivation"), pos);
    }
    let mut c = Context::new();
    c.insert(format!("={e}").into());
    Ok(Value::String(s.with_new_context(Some(c))))
}

#[derive(Default)]
struct Info {
    path: bool,
    all_outputs: bool,
    outputs: Vec<String>,
}

pub fn get_context(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let mut infos: BTreeMap<String, Info> = BTreeMap::new();
    for e in s.context().into_iter().flatten() {
        if let Some(p) = e.strip_prefix('=') {
            infos.entry(p.to_string()).or_default().all_outputs = true;
        } else if let Some(rest) = e.strip_prefix('!') {
            let (output, p) = rest.split_once('!').unwrap_or((rest, ""));
            infos
                .entry(p.to_string())
                .or_default()
                .outputs
                .push(output.to_string());
        } else {
            infos.entry(e.to_string()).or_default().path = true;
        }
    }
    let mut entries = Vec::new();
    for (path, info) in infos {
        let mut fields = Vec::new();
        if info.path {
            fields.push(attr(Symbol::new("path"), Value::Bool(true)));
        }
        if info.all_outputs {
            fields.push(attr(Symbol::new("allOutputs"), Value::Bool(true)));
        }
        if !info.outputs.is_empty() {
            let mut outs = info.outputs;
            outs.sort();
            fields.push(attr(
                Symbol::new("outputs"),
                Value::list(outs.into_iter().map(Value::string).collect()),
            ));
        }
        entries.push(attr(
            Symbol::new(&path),
            Value::attrs(Attrs::from_unsorted(fields)),
        ));
    }
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

pub fn append_context(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_str(&args[0], pos)?;
    let a = m.force_attrs(&args[1], pos)?;
    let mut ctx = s.context().cloned().unwrap_or_default();
    let store_dir = m.options.store_dir.clone();
    for x in a.sorted_by_name() {
        let path = x.name.name();
        if !path.starts_with(&format!("{store_dir}/")) {
            return err(format!("context key '{path}' is not a store path"), pos);
        }
        let info = m.force_attrs(&x.value, pos)?;
        if let Some(v) = info.get(Symbol::new("path")).cloned()
            && m.force_bool(&v, pos)?
        {
            ctx.insert(path.clone());
        }
        if let Some(v) = info.get(Symbol::new("allOutputs")).cloned()
            && m.force_bool(&v, pos)?
        {
            if !path.ends_with(".drv") {
                return err(
                    format!(
                        "tried to add all-outputs context of {path}, which is not a derivation, to a string"
                    ),
                    pos,
                );
            }
            ctx.insert(format!("={path}").into());
        }
        if let Some(v) = info.get(Symbol::new("outputs")).cloned() {
            let outs = m.force_list(&v, pos)?;
            if !outs.is_empty() && !path.ends_with(".drv") {
                return err(
                    format!(
                        "tried to add derivation output context of {path}, which is not a derivation, to a string"
                    ),
                    pos,
                );
            }
            for o in outs.iter() {
                let o = m.force_plain_str(o, pos)?;
                ctx.insert(format!("!{o}!{path}").into());
            }
        }
    }
    Ok(Value::String(s.with_new_context(Some(ctx))))
}
