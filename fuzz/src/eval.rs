//! The evaluator: every program ends with a value or an error within a budget of calls and
//! memory, without a panic or an abort, and the value prints. Nothing is read from disk
//! ([`NoFiles`]) and the environment is not consulted (pure mode).

use crate::no_files::NoFiles;
use eval::{EvalOptions, Limits, Machine, Origin};
use std::path::Path;
use std::rc::Rc;

/// Calls one input may make; enough for every construct the generator writes.
pub const MAX_CALLS: u64 = 200_000;
/// Bytes one input may hold on top of what was held when it started.
pub const MAX_MEMORY: u64 = 512 << 20;

pub fn check(data: &[u8]) {
    check_text(&crate::input_text(data));
}

pub fn check_text(text: &str) {
    let held_before = crate::counting_allocator::bytes_held().unwrap_or(0);
    let options = EvalOptions {
        impure: false,
        messages: Rc::new(|_| {}),
        limits: Limits {
            max_calls: Some(MAX_CALLS),
            max_memory: Some(held_before + MAX_MEMORY),
            memory_in_use: Some(crate::counting_allocator::bytes_held),
        },
        ..EvalOptions::default()
    };
    let mut m = Machine::new(options, Rc::new(NoFiles));
    let result = m
        .eval_source(Origin::Text("«fuzz»"), text, Path::new("/fuzz"))
        .and_then(|v| m.force_deep(&v));
    match result {
        Ok(v) => drop(eval::print::print_value(&v)),
        Err(e) => drop(e.to_string()),
    }
}
