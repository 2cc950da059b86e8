//! Arithmetic, comparison and bitwise builtins.

use super::type_error;
use crate::arith::{ArithOp, arith};
use crate::error::EvalResult;
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::Value;

fn arith_builtin(m: &mut Machine, op: ArithOp, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force(&args[0])?;
    let b = m.force(&args[1])?;
    arith(op, &a, &b, pos)
}

pub fn add(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    arith_builtin(m, ArithOp::Add, args, pos)
}

pub fn sub(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    arith_builtin(m, ArithOp::Sub, args, pos)
}

pub fn mul(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    arith_builtin(m, ArithOp::Mul, args, pos)
}

pub fn div(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    arith_builtin(m, ArithOp::Div, args, pos)
}

pub fn less_than(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    Ok(Value::Bool(m.less_than(&args[0], &args[1], pos)?))
}

fn bitwise(m: &mut Machine, args: &[Value], pos: Pos, f: fn(i64, i64) -> i64) -> EvalResult<Value> {
    let a = m.force_int(&args[0], pos)?;
    let b = m.force_int(&args[1], pos)?;
    Ok(Value::Int(f(a, b)))
}

pub fn bit_and(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    bitwise(m, args, pos, |a, b| a & b)
}

pub fn bit_or(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    bitwise(m, args, pos, |a, b| a | b)
}

pub fn bit_xor(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    bitwise(m, args, pos, |a, b| a ^ b)
}

/// `ceil` / `floor` as current CppNix computes them (prim_ceil, prim_floor): through a
/// float, so an integer a float cannot hold exactly is an error naming CppNix issue 12899
/// (Nix 2.8 rounded it silently), as is a result outside the 64-bit range.
fn round(m: &mut Machine, args: &[Value], pos: Pos, f: fn(f64) -> f64) -> EvalResult<Value> {
    let (x, int) = match m.force(&args[0])? {
        Value::Int(i) => (i as f64, Some(i)),
        Value::Float(x) => (x, None),
        other => return type_error("a float", &other, pos),
    };
    let r = f(x);
    // -2^63 is exact as a float; 2^63 is the first value out of range.
    const INT_MIN: f64 = i64::MIN as f64;
    let message = if (INT_MIN..-INT_MIN).contains(&r) {
        let result = r as i64;
        match int {
            Some(i) if i != result => format!(
                "Due to a bug (see https://github.com/NixOS/nix/issues/12899) a loss of precision \
                 occurred in previous Nix versions because the NixInt argument {i} was rounded \
                 to {result}.\n\tFuture Nix versions might implement the correct behavior."
            ),
            _ => return Ok(Value::Int(result)),
        }
    } else {
        match int {
            Some(i) => format!(
                "Due to a bug (see https://github.com/NixOS/nix/issues/12899) the NixInt argument \
                 {i} caused undefined behavior in previous Nix versions.\n\tFuture Nix versions \
                 might implement the correct behavior."
            ),
            None => format!(
                "NixFloat argument {} is not in the range of NixInt",
                crate::print::format_float(x)
            ),
        }
    };
    crate::error::err(message, pos)
}

pub fn ceil(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    round(m, args, pos, f64::ceil)
}

pub fn floor(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    round(m, args, pos, f64::floor)
}
