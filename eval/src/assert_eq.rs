//! Why an `assert a == b` failed: CppNix explains a failed equality assertion by the first
//! difference it finds between the two values (`EvalState::assertEqValues`), in these
//! words, and only then says "assertion '…' failed". The explanation is an assertion
//! error like the plain one (`tryEval` catches it).

use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::machine::Machine;
use crate::print::show_value_short as show;
use crate::source::Pos;
use crate::value::Value;

fn unequal(message: String, pos: Pos) -> EvalResult<()> {
    Err(EvalError::new(ErrorKind::Assert, message, pos))
}

impl Machine {
    /// `Ok(())` when `a == b`; otherwise the error naming the first difference.
    pub(crate) fn assert_equal_values(&mut self, a: &Value, b: &Value, pos: Pos) -> EvalResult<()> {
        let a = self.force(a)?;
        let b = self.force(b)?;
        let with_value = |x: &Value, y: &Value| {
            format!(
                "{} with value '{}' is not equal to {} with value '{}'",
                x.type_desc(),
                show(x),
                y.type_desc(),
                show(y)
            )
        };
        match (&a, &b) {
            (Value::Int(x), Value::Float(y)) if *x as f64 != *y => unequal(with_value(&a, &b), pos),
            (Value::Float(x), Value::Int(y)) if *x != *y as f64 => unequal(with_value(&a, &b), pos),
            (Value::Int(_), Value::Float(_)) | (Value::Float(_), Value::Int(_)) => Ok(()),
            _ if a.type_desc() != b.type_desc() => unequal(
                format!(
                    "{} of value '{}' is not equal to {} of value '{}'",
                    a.type_desc(),
                    show(&a),
                    b.type_desc(),
                    show(&b)
                ),
                pos,
            ),
            (Value::Int(x), Value::Int(y)) if x != y => unequal(with_value(&a, &b), pos),
            (Value::Float(x), Value::Float(y)) if x != y => unequal(with_value(&a, &b), pos),
            (Value::Bool(x), Value::Bool(y)) if x != y => unequal(
                format!(
                    "boolean '{}' is not equal to boolean '{}'",
                    show(&a),
                    show(&b)
                ),
                pos,
            ),
            (Value::String(x), Value::String(y)) if x.as_str() != y.as_str() => unequal(
                format!(
                    "string '{}' is not equal to string '{}'",
                    show(&a),
                    show(&b)
                ),
                pos,
            ),
            (Value::Path(_), Value::Path(_)) if !self.equal(&a, &b, pos)? => unequal(
                format!("path '{}' is not equal to path '{}'", show(&a), show(&b)),
                pos,
            ),
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return unequal(
                        format!(
                            "list of size '{}' is not equal to list of size '{}', left hand side \
                             is '{}', right hand side is '{}'",
                            x.len(),
                            y.len(),
                            show(&a),
                            show(&b)
                        ),
                        pos,
                    );
                }
                for (i, j) in x.iter().zip(y.iter()) {
                    self.assert_equal_values(i, j, pos)?;
                }
                Ok(())
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                // Derivations compare by their output path.
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    let out = self.known.out_path;
                    if let (Some(p), Some(q)) = (x.get(out).cloned(), y.get(out).cloned()) {
                        return self.assert_equal_values(&p, &q, pos);
                    }
                }
                if x.len() != y.len() {
                    return unequal(
                        format!(
                            "attribute names of attribute set '{}' differs from attribute set \
                             '{}'",
                            show(&a),
                            show(&b)
                        ),
                        pos,
                    );
                }
                for (i, j) in x.iter().zip(y.iter()) {
                    if i.name != j.name {
                        let message = if y.get(i.name).is_none() {
                            format!(
                                "attribute name '{}' is contained in '{}', but not in '{}'",
                                i.name,
                                show(&a),
                                show(&b)
                            )
                        } else {
                            format!(
                                "attribute name '{}' is missing in '{}', but is contained in \
                                 '{}'",
                                j.name,
                                show(&a),
                                show(&b)
                            )
                        };
                        return unequal(message, pos);
                    }
                    self.assert_equal_values(&i.value, &j.value, pos)?;
                }
                Ok(())
            }
            (Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_), _) => unequal(
                "distinct functions and immediate comparisons of identical functions compare \
                 as unequal"
                    .to_string(),
                pos,
            ),
            _ => Ok(()),
        }
    }
}
