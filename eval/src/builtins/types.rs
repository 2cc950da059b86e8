//! `typeOf` and the `is*` predicates.

use crate::error::EvalResult;
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::Value;

pub fn type_of(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    Ok(Value::string(v.type_of()))
}

macro_rules! predicate {
    ($name:ident, $pattern:pat) => {
        pub fn $name(m: &mut Machine, args: &[Value], _: Pos) -> EvalResult<Value> {
            let v = m.force(&args[0])?;
            Ok(Value::Bool(matches!(v, $pattern)))
        }
    };
}

predicate!(is_null, Value::Null);
predicate!(is_int, Value::Int(_));
predicate!(is_float, Value::Float(_));
predicate!(is_bool, Value::Bool(_));
predicate!(is_string, Value::String(_));
predicate!(is_path, Value::Path(_));
predicate!(is_attrs, Value::Attrs(_));
predicate!(is_list, Value::List(_));
predicate!(
    is_function,
    Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_)
);
