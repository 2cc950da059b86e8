//! Subcommands of the `firn` binary, and what they share.

pub mod check;
pub mod derivation;
pub mod diagnostics;
pub mod eval;
pub mod fmt;
pub mod inputs;
pub mod interrupt;
pub mod line_window;
pub mod parse;
pub mod replace_file;
pub mod store;
