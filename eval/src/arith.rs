//! Integer and float arithmetic with Nix's rules: 64-bit integers whose overflow is an error,
//! floats when either side is one.

use crate::error::{EvalResult, err};
use crate::source::Pos;
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    fn verb(self) -> &'static str {
        match self {
            ArithOp::Add => "adding",
            ArithOp::Sub => "subtracting",
            ArithOp::Mul => "multiplying",
            ArithOp::Div => "dividing",
        }
    }
    fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

pub fn arith(op: ArithOp, a: &Value, b: &Value, pos: Pos) -> EvalResult<Value> {
    // Division looks at the divisor first: a number, then not zero (CppNix's prim_div,
    // which `/` calls too).
    if matches!(op, ArithOp::Div) {
        match b {
            Value::Int(0) => return err("division by zero", pos),
            Value::Float(y) if *y == 0.0 => return err("division by zero", pos),
            Value::Int(_) | Value::Float(_) => {}
            other => return crate::builtins::type_error("a float", other, pos),
        }
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            let r = match op {
                ArithOp::Add => x.checked_add(y),
                ArithOp::Sub => x.checked_sub(y),
                ArithOp::Mul => x.checked_mul(y),
                ArithOp::Div => {
                    if y == 0 {
                        return err("division by zero", pos);
                    }
                    x.checked_div(y)
                }
            };
            match r {
                Some(r) => Ok(Value::Int(r)),
                None => err(
                    format!("integer overflow in {} {x} {} {y}", op.verb(), op.symbol()),
                    pos,
                ),
            }
        }
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let x = as_float(a);
            let y = as_float(b);
            Ok(Value::Float(match op {
                ArithOp::Add => x + y,
                ArithOp::Sub => x - y,
                ArithOp::Mul => x * y,
                ArithOp::Div => {
                    if y == 0.0 {
                        return err("division by zero", pos);
                    }
                    x / y
                }
            }))
        }
        (Value::Int(_) | Value::Float(_), other) | (other, _) => {
            crate::builtins::type_error("an integer", other, pos)
        }
    }
}

fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}
