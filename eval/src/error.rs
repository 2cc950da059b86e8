//! Evaluation errors: a message, where it happened, and the trace of what was being
//! evaluated. Attribute selections always add a frame; function calls add one only with
//! `--show-trace`.

use crate::source::Pos;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `throw`: catchable by `tryEval`.
    Throw,
    /// A failed `assert`: catchable by `tryEval`.
    Assert,
    /// `abort`.
    Abort,
    /// Any other evaluation error (type errors, missing attributes, …).
    Eval,
    InfiniteRecursion,
    StackOverflow,
    /// The caller's interrupt flag was set.
    Interrupted,
    /// A call budget or memory ceiling set in [`crate::limits::Limits`] was reached.
    LimitExceeded,
    /// The source did not parse, or named an undefined variable.
    Parse,
}

#[derive(Clone, Debug)]
pub struct TraceFrame {
    pub pos: Pos,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct EvalError {
    pub kind: ErrorKind,
    pub message: String,
    pub pos: Pos,
    /// Innermost first.
    pub trace: Vec<TraceFrame>,
}

pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl EvalError {
    pub fn new(kind: ErrorKind, message: impl Into<String>, pos: Pos) -> Box<EvalError> {
        Box::new(EvalError {
            kind,
            message: message.into(),
            pos,
            trace: Vec::new(),
        })
    }

    /// Whether `tryEval` catches it.
    pub fn is_catchable(&self) -> bool {
        matches!(self.kind, ErrorKind::Throw | ErrorKind::Assert)
    }

    /// Whether a thunk that failed with it should remember the failure (Nix does) rather
    /// than be evaluated again (cancellation and resource limits are not facts about it).
    pub fn is_cached(&self) -> bool {
        !matches!(
            self.kind,
            ErrorKind::Interrupted | ErrorKind::StackOverflow | ErrorKind::LimitExceeded
        )
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Shorthand for an `Eval` error.
pub fn err<T>(message: impl Into<String>, pos: Pos) -> EvalResult<T> {
    Err(EvalError::new(ErrorKind::Eval, message, pos))
}
