//! List builtins. `map` and `genList` build lazy applications, as Nix does.

use super::attr;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

pub fn length(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    Ok(Value::Int(m.force_list(&args[0], pos)?.len() as i64))
}

pub fn head(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[0], pos)?;
    match l.first() {
        Some(v) => m.force(&v.clone()),
        None => err("'builtins.head' called on an empty list", pos),
    }
}

pub fn tail(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[0], pos)?;
    if l.is_empty() {
        return err("'builtins.tail' called on an empty list", pos);
    }
    Ok(Value::list(l[1..].to_vec()))
}

pub fn elem_at(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[0], pos)?;
    let i = m.force_int(&args[1], pos)?;
    if i < 0 || i as usize >= l.len() {
        return err(
            format!(
                "'builtins.elemAt' called with index {i} on a list of size {}",
                l.len()
            ),
            pos,
        );
    }
    m.force(&l[i as usize].clone())
}

pub fn elem(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[1], pos)?;
    for item in l.iter() {
        if m.equal_objects(&args[0], item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn map(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[1], pos)?;
    // The function is forced once there is something to apply it to (CppNix's prim_map).
    let f = if l.is_empty() {
        args[0].clone()
    } else {
        m.force_function(&args[0], pos)?
    };
    Ok(Value::list(
        l.iter()
            .map(|x| Value::Thunk(Thunk::apply(f.clone(), x.clone())))
            .collect(),
    ))
}

pub fn filter(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[1], pos)?;
    let f = m.force_function(&args[0], pos)?;
    let mut out = Vec::new();
    for x in l.iter() {
        if m.call_predicate(&f, x, pos)? {
            out.push(x.clone());
        }
    }
    if out.len() == l.len() {
        return Ok(Value::List(l));
    }
    Ok(Value::list(out))
}

pub fn foldl_strict(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first, even for an empty list (CppNix's prim_foldlStrict).
    let op = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[2], pos)?;
    if l.is_empty() {
        return m.force(&args[1]);
    }
    let mut acc = args[1].clone();
    for x in l.iter() {
        acc = m.call2(&op, acc, x.clone(), pos)?;
    }
    m.force(&acc)
}

pub fn gen_list(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let n = m.force_int(&args[1], pos)?;
    if n < 0 {
        return err(format!("cannot create list of size {n}"), pos);
    }
    // Each element is a list slot and a thunk applying `f`.
    let bytes = (n as u64).saturating_mul(3 * std::mem::size_of::<Value>() as u64);
    m.reserve(bytes, pos)?;
    // The function is forced once there is an element (CppNix's prim_genList).
    let f = if n == 0 {
        args[0].clone()
    } else {
        m.force_function(&args[0], pos)?
    };
    Ok(Value::list(
        (0..n)
            .map(|i| Value::Thunk(Thunk::apply(f.clone(), Value::Int(i))))
            .collect(),
    ))
}

pub fn concat_lists(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[0], pos)?;
    let mut out = Vec::new();
    for x in l.iter() {
        out.extend_from_slice(&m.force_list(x, pos)?);
    }
    Ok(Value::list(out))
}

pub fn concat_map(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first (CppNix; the suite's eval-fail cases show it).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    let mut out = Vec::new();
    for x in l.iter() {
        let r = m.call(f.clone(), x.clone(), pos)?;
        out.extend_from_slice(&m.force_list(&r, pos)?);
    }
    Ok(Value::list(out))
}

pub fn any(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first (CppNix; the suite's eval-fail cases show it).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    for x in l.iter() {
        if m.call_predicate(&f, x, pos)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn all(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first (CppNix; the suite's eval-fail cases show it).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    for x in l.iter() {
        if !m.call_predicate(&f, x, pos)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// Stable merge sort with a fallible comparator. An empty list is returned before the
/// comparator is forced (current CppNix's `prim_sort`; Nix 2.8 forced it first).
pub fn sort(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let l = m.force_list(&args[1], pos)?;
    if l.is_empty() {
        return Ok(Value::list(Vec::new()));
    }
    let f = m.force_function(&args[0], pos)?;
    let mut items: Vec<Value> = l.to_vec();
    for item in &items {
        m.force(item)?;
    }
    let mut less = |a: &Value, b: &Value, m: &mut Machine| -> EvalResult<bool> {
        let partial = m.call(f.clone(), a.clone(), pos)?;
        let r = m.call(partial, b.clone(), pos)?;
        m.force_bool(&r, pos)
    };
    merge_sort(&mut items, m, &mut less)?;
    Ok(Value::list(items))
}

type Less<'a> = dyn FnMut(&Value, &Value, &mut Machine) -> EvalResult<bool> + 'a;

fn merge_sort(items: &mut Vec<Value>, m: &mut Machine, less: &mut Less) -> EvalResult<()> {
    if items.len() <= 1 {
        return Ok(());
    }
    // Insertion sort for short runs keeps comparisons low.
    if items.len() <= 8 {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && less(&items[j], &items[j - 1], m)? {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort(items, m, less)?;
    merge_sort(&mut right, m, less)?;
    let left = std::mem::take(items);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if less(&right[j], &left[i], m)? {
            out.push(right[j].clone());
            j += 1;
        } else {
            out.push(left[i].clone());
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    *items = out;
    Ok(())
}

pub fn partition(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first (CppNix; the suite's eval-fail cases show it).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for x in l.iter() {
        if m.call_predicate(&f, x, pos)? {
            right.push(x.clone());
        } else {
            wrong.push(x.clone());
        }
    }
    let k = m.known.clone();
    Ok(Value::attrs(Attrs::from_unsorted(vec![
        attr(k.right, Value::list(right)),
        attr(k.wrong, Value::list(wrong)),
    ])))
}

pub fn group_by(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The function first (CppNix; the suite's eval-fail cases show it).
    let f = m.force_function(&args[0], pos)?;
    let l = m.force_list(&args[1], pos)?;
    let mut groups: FxHashMap<Symbol, Vec<Value>> = FxHashMap::default();
    for x in l.iter() {
        let k = m.call(f.clone(), x.clone(), pos)?;
        let k = m.force_str(&k, pos)?;
        groups
            .entry(Symbol::new(k.as_str()))
            .or_default()
            .push(x.clone());
    }
    Ok(Value::attrs(Attrs::from_unsorted(
        groups
            .into_iter()
            .map(|(k, v)| attr(k, Value::list(v)))
            .collect(),
    )))
}

pub fn generic_closure(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let k = m.known.clone();
    let start = m.require_attr(&a, k.start_set, pos)?;
    let start = m.force_list(&start, pos)?;
    // An empty start set is the result, `operator` unread (current CppNix's
    // prim_genericClosure; Nix 2.8 read it first).
    if start.is_empty() {
        return Ok(Value::list(Vec::new()));
    }
    let op = m.require_attr(&a, k.operator, pos)?;
    let op = m.force_function(&op, pos)?;
    let mut queue: std::collections::VecDeque<Value> = start.iter().cloned().collect();
    let mut done_keys: Vec<Value> = Vec::new();
    let mut result = Vec::new();
    while let Some(item) = queue.pop_front() {
        let item_attrs = m.force_attrs(&item, pos)?;
        let key = match item_attrs.get(k.key) {
            Some(key) => m.force(&key.clone())?,
            None => return err("attribute 'key' missing", pos),
        };
        // Keys are kept sorted so membership is a binary search.
        let mut lo = 0;
        let mut hi = done_keys.len();
        let mut found = false;
        while lo < hi {
            let mid = (lo + hi) / 2;
            // The new key on the left, as CppNix's `std::set` compares it (error messages
            // name the values in that order).
            match m.compare(&key, &done_keys[mid], pos)? {
                Ordering::Greater => lo = mid + 1,
                Ordering::Less => hi = mid,
                Ordering::Equal => {
                    found = true;
                    break;
                }
            }
        }
        if found {
            continue;
        }
        done_keys.insert(lo, key);
        result.push(item.clone());
        let next = m.call(op.clone(), item, pos)?;
        let next = m.force_list(&next, pos)?;
        queue.extend(next.iter().cloned());
    }
    Ok(Value::list(result))
}
