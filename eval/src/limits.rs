//! Bounds on one evaluation besides the call depth: a budget of function calls and a memory
//! ceiling. Both end the evaluation with a `LimitExceeded` error, which `tryEval` does not
//! catch, instead of letting it run forever or be killed by the kernel.
//!
//! Checking costs one counter comparison per call: the budget and the memory reading are
//! looked at every [`CHECK_EVERY`] calls (reading memory is a system call).

use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::source::Pos;

/// How many calls pass between two looks at the interrupt flag, the budget and the memory.
pub const CHECK_EVERY: u64 = 1024;

#[derive(Clone, Copy, Default)]
pub struct Limits {
    /// Function applications the evaluation may make (lambdas, primops, functors).
    pub max_calls: Option<u64>,
    /// Bytes the process may hold, as [`Limits::memory_in_use`] measures them.
    pub max_memory: Option<u64>,
    /// How memory is measured; the process's resident set when unset. A caller with its own
    /// allocator statistics (a fuzzer, an embedding) passes them here.
    pub memory_in_use: Option<fn() -> Option<u64>>,
}

impl Limits {
    pub fn memory_in_use(&self) -> Option<u64> {
        match self.memory_in_use {
            Some(measure) => measure(),
            None => resident_bytes(),
        }
    }

    /// The error when `calls` or the memory in use (plus `more` bytes about to be
    /// allocated) is past a limit.
    pub fn check(&self, calls: u64, more: u64, pos: Pos) -> EvalResult<()> {
        if let Some(max) = self.max_calls
            && calls > max
        {
            return Err(EvalError::new(
                ErrorKind::LimitExceeded,
                format!("evaluation stopped after {max} function calls (the call budget)"),
                pos,
            ));
        }
        if let Some(max) = self.max_memory
            && let Some(used) = self.memory_in_use()
            && used.saturating_add(more) > max
        {
            return Err(EvalError::new(
                ErrorKind::LimitExceeded,
                format!(
                    "evaluation stopped: it needs more than the {} MiB of memory it may use \
                     ({} MiB in use{})",
                    max >> 20,
                    used >> 20,
                    if more > 0 {
                        format!(", {} MiB more asked for", more >> 20)
                    } else {
                        String::new()
                    }
                ),
                pos,
            ));
        }
        Ok(())
    }
}

/// The resident set size from `/proc/self/statm` (Linux); `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * page_size())
}

#[cfg(unix)]
fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096)
}

#[cfg(not(unix))]
fn page_size() -> u64 {
    4096
}
