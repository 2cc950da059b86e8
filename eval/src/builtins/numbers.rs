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

fn round(m: &mut Machine, args: &[Value], pos: Pos, f: fn(f64) -> f64) -> EvalResult<Value> {
    match m.force(&args[0])? {
        Value::Int(i) => Ok(Value::Int(i)),
        Value::Float(x) => {
            let r = f(x);
            // A result outside the 64-bit range is an error rather than a wrapped integer.
            if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r) {
                return crate::error::err(
                    format!("float {x} does not fit in a 64-bit integer"),
                    pos,
                );
            }
            Ok(Value::Int(r as i64))
        }
        other => type_error("a float", &other, pos),
    }
}

pub fn ceil(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    round(m, args, pos, f64::ceil)
}

pub fn floor(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    round(m, args, pos, f64::floor)
}
