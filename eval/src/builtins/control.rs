//! Errors, strictness, tracing and imports.

use super::attr;
use crate::coerce::CoerceMode;
use crate::error::{ErrorKind, EvalError, EvalResult, TraceFrame};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::*;
use std::path::Path;

pub fn throw(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let msg = m.coerce_to_string(&args[0], pos, CoerceMode::interpolation())?;
    Err(EvalError::new(ErrorKind::Throw, msg.as_str(), pos))
}

pub fn abort(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let msg = m.coerce_to_string(&args[0], pos, CoerceMode::interpolation())?;
    Err(EvalError::new(
        ErrorKind::Abort,
        format!(
            "evaluation aborted with the following error message: '{}'",
            msg.as_str()
        ),
        pos,
    ))
}

pub fn try_eval(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    let k = m.known.clone();
    let (success, value) = match m.force(&args[0]) {
        Ok(v) => (true, v),
        Err(e) if e.is_catchable() => (false, Value::Bool(false)),
        Err(e) => return Err(e),
    };
    Ok(Value::attrs(Attrs::from_unsorted(vec![
        attr(k.success, Value::Bool(success)),
        attr(k.value, value),
    ])))
}

pub fn seq(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    m.force(&args[0])?;
    m.force(&args[1])
}

pub fn deep_seq(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    m.force_deep(&args[0])?;
    m.force(&args[1])
}

fn message_text(m: &mut Machine, v: &Value) -> EvalResult<String> {
    let v = m.force(v)?;
    Ok(match &v {
        Value::String(s) => s.as_str().to_string(),
        other => crate::print::show_value_short(other),
    })
}

pub fn trace(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    let text = message_text(m, &args[0])?;
    (m.options.messages)(&format!("trace: {text}"));
    m.force(&args[1])
}

pub fn trace_verbose(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    m.force(&args[1])
}

pub fn warn(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let msg = m.force_str(&args[0], pos)?;
    (m.options.messages)(&format!("warning: {}", msg.as_str()));
    m.force(&args[1])
}

pub fn add_error_context(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    match m.force(&args[1]) {
        Ok(v) => Ok(v),
        Err(mut e) => {
            if let Ok(ctx) = m.coerce_to_string(&args[0], pos, CoerceMode::interpolation()) {
                e.trace.push(TraceFrame {
                    pos: Pos::NONE,
                    message: ctx.as_str().to_string(),
                });
            }
            Err(e)
        }
    }
}

pub fn break_(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    m.force(&args[0])
}

pub fn import(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let path = m.coerce_to_path(&args[0], pos)?;
    m.import_file(Path::new(&path), pos)
}

pub fn scoped_import(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let scope = m.force_attrs(&args[0], pos)?;
    let path = m.coerce_to_path(&args[1], pos)?;
    m.scoped_import(&scope, Path::new(&path), pos)
}

pub fn get_env(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = m.force_plain_str(&args[0], pos)?;
    if !m.options.impure {
        return Ok(Value::string(""));
    }
    Ok(Value::string(std::env::var(&*name).unwrap_or_default()))
}
