//! Attribute-set builtins.

use super::attr;
use crate::error::{EvalResult, err};
use crate::ir::Param;
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use rustc_hash::FxHashMap;

pub fn attr_names(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    Ok(Value::list(
        a.sorted_by_name()
            .into_iter()
            .map(|x| Value::string(&*x.name.name()))
            .collect(),
    ))
}

pub fn attr_values(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    Ok(Value::list(
        a.sorted_by_name()
            .into_iter()
            .map(|x| x.value.clone())
            .collect(),
    ))
}

pub fn get_attr(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = m.force_plain_str(&args[0], pos)?;
    let a = m.force_attrs(&args[1], pos)?;
    match a.get(Symbol::new(&name)) {
        Some(v) => m.force(&v.clone()),
        None => err(format!("attribute '{name}' missing"), pos),
    }
}

pub fn has_attr(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = m.force_plain_str(&args[0], pos)?;
    let a = m.force_attrs(&args[1], pos)?;
    Ok(Value::Bool(a.contains(Symbol::new(&name))))
}

pub fn remove_attrs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let names = m.force_list(&args[1], pos)?;
    let mut remove = Vec::with_capacity(names.len());
    for n in names.iter() {
        remove.push(Symbol::new(&m.force_plain_str(n, pos)?));
    }
    let mut out = (*a).clone();
    out.retain(|x| !remove.contains(&x.name));
    Ok(Value::attrs(out))
}

pub fn intersect_attrs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let b = m.force_attrs(&args[1], pos)?;
    let mut out = (*b).clone();
    out.retain(|x| a.contains(x.name));
    Ok(Value::attrs(out))
}

pub fn list_to_attrs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[0], pos)?;
    let k = m.known.clone();
    let mut entries = Vec::with_capacity(l.len());
    for item in l.iter() {
        let a = m.force_attrs(item, pos)?;
        let name = m.require_attr(&a, k.name, pos)?;
        let name = m.force_plain_str(&name, pos)?;
        let value_attr = match a.get_attr(k.value) {
            Some(v) => v.clone(),
            None => return err("attribute 'value' missing", pos),
        };
        entries.push(Attr {
            name: Symbol::new(&name),
            value: value_attr.value,
            pos: value_attr.pos,
        });
    }
    Ok(Value::attrs(Attrs::from_unsorted_first_wins(entries)))
}

pub fn map_attrs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[1], pos)?;
    let f = args[0].clone();
    let entries = a
        .iter()
        .map(|x| {
            let partial = Value::Thunk(Thunk::apply(f.clone(), Value::string(&*x.name.name())));
            Attr {
                name: x.name,
                value: Value::Thunk(Thunk::apply(partial, x.value.clone())),
                pos: x.pos,
            }
        })
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

pub fn cat_attrs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = Symbol::new(&m.force_plain_str(&args[0], pos)?);
    let l = m.force_list(&args[1], pos)?;
    let mut out = Vec::new();
    for item in l.iter() {
        let a = m.force_attrs(item, pos)?;
        if let Some(v) = a.get(name) {
            out.push(v.clone());
        }
    }
    Ok(Value::list(out))
}

pub fn zip_attrs_with(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first, even for an empty list (CppNix's prim_zipAttrsWith).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    let mut groups: FxHashMap<Symbol, Vec<Value>> = FxHashMap::default();
    for item in l.iter() {
        let a = m.force_attrs(item, pos)?;
        for x in a.iter() {
            groups.entry(x.name).or_default().push(x.value.clone());
        }
    }
    Ok(Value::attrs(Attrs::from_unsorted(
        groups
            .into_iter()
            .map(|(name, values)| {
                let partial = Value::Thunk(Thunk::apply(f.clone(), Value::string(&*name.name())));
                attr(
                    name,
                    Value::Thunk(Thunk::apply(partial, Value::list(values))),
                )
            })
            .collect(),
    )))
}

pub fn function_args(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let f = m.force(&args[0])?;
    match &f {
        Value::Lambda(c) => match &c.def.param {
            Param::Ident(_) => Ok(Value::attrs(Attrs::new())),
            Param::Pattern { formals, .. } => Ok(Value::attrs(Attrs::from_unsorted(
                formals
                    .iter()
                    .map(|x| Attr {
                        name: x.name,
                        value: Value::Bool(x.default.is_some()),
                        pos: x.pos,
                    })
                    .collect(),
            ))),
        },
        Value::PrimOp(_) | Value::PrimOpApp(_) => Ok(Value::attrs(Attrs::new())),
        // CppNix's prim_functionArgs words it so.
        _ => err("'functionArgs' requires a function", pos),
    }
}

pub fn unsafe_get_attr_pos(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = m.force_plain_str(&args[0], pos)?;
    let a = m.force_attrs(&args[1], pos)?;
    match a.get_attr(Symbol::new(&name)) {
        Some(x) => Ok(m.pos_value(x.pos)),
        None => Ok(Value::Null),
    }
}
