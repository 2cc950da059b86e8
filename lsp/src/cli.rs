//! Subcommands of the `firn` binary, and what they share.

pub mod check;
pub mod derivation;
pub mod diagnostics;
pub mod eval;
pub mod fmt;
pub mod inputs;
pub mod parse;
pub mod store;
