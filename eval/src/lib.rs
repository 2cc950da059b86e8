//! firn's lazy Nix evaluator.
//!
//! Source is parsed by `syntax`, compiled to a compact IR whose variables are resolved to
//! environment slots ([`ir`], [`compile`]), and run by [`Machine`] with thunks for laziness.
//! File access goes through [`FileSystem`] (so unsaved editor buffers can be evaluated),
//! [`EvalOptions::interrupt`] stops a running evaluation and [`EvalOptions::limits`] bounds
//! its calls and memory.
//!
//! Invariants (see `ARCHITECTURE.md`):
//! - evaluation never panics on any input and never aborts the process: deep recursion
//!   ends in a "stack overflow" error;
//! - nothing is written to a Nix store: store paths are computed as `dummy://` would;
//! - every error carries a source position when the program has one.

mod arith;
mod assert_eq;
pub mod builtins;
mod coerce;
mod compare;
pub mod compile;
pub mod corepkgs;
pub mod error;
pub mod flake;
pub mod flakeref;
pub mod io;
pub mod ir;
pub mod limits;
pub mod lints;
pub mod machine;
pub mod mounts;
pub mod options;
pub mod paths;
pub mod print;
pub mod show_parsed;
pub mod source;
pub mod store_ops;
mod suggest;
pub mod symbol;
pub mod value;

pub use coerce::CoerceMode;
pub use error::{ErrorKind, EvalError, EvalResult, TraceFrame};
pub use io::{DiskFileSystem, FileSystem};
pub use limits::Limits;
pub use machine::Machine;
pub use options::{EvalOptions, SearchPathEntry};
pub use source::{Origin, Pos, Sources};
pub use value::Value;
