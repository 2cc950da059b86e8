//! The properties firn's fuzz targets check, one module per target, shared by the
//! libFuzzer targets (`fuzz/libfuzzer`, run by `scripts/fuzz`) and by this crate's tests,
//! which replay every saved finding (`fuzz/regressions/<target>/`) and a seeded sample of
//! generated programs on each `cargo test`.
//!
//! Every target reads its input the same way ([`input_text`]): the first byte chooses
//! between the rest as raw text (byte mutations find lexer and recovery bugs) and the rest
//! as choices for [`generate`], which writes programs with deep and long constructs that
//! byte mutations rarely reach. A check returns normally or panics: a panic is a finding.

pub mod analysis;
mod counting_allocator;
pub mod eval;
pub mod format;
pub mod generate;
mod no_files;
pub mod parse;

pub use counting_allocator::{CountingAllocator, bytes_held};

/// The text a target works on: `data[1..]` as text (lossily) when `data[0]` is even,
/// otherwise a program generated from `data[1..]`.
pub fn input_text(data: &[u8]) -> String {
    match data.split_first() {
        None => String::new(),
        Some((mode, rest)) if mode % 2 == 0 => String::from_utf8_lossy(rest).into_owned(),
        Some((_, rest)) => generate::program(rest),
    }
}

/// A target's check: returns, or panics on a finding.
pub type Check = fn(&[u8]);

/// The targets, by the names `scripts/fuzz` and the regression directories use.
pub const TARGETS: &[(&str, Check)] = &[
    ("parse", parse::check),
    ("format", format::check),
    ("eval", eval::check),
    ("analysis", analysis::check),
];

/// Runs a check on a thread with the stack the firn binary gives its work (1 GiB, reserved
/// not committed): deep values and trees are dropped recursively by code outside firn's
/// control, as in the CLI. A panic on that thread is re-raised here.
pub fn on_big_stack(check: Check, data: &[u8]) {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn_scoped(scope, || check(data))
            .expect("a thread can be started");
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The start of an input, for a panic message (inputs reach hundreds of kilobytes).
pub fn excerpt(text: &str) -> String {
    const SHOWN: usize = 2000;
    if text.len() <= SHOWN {
        return format!("--- input ---\n{text}");
    }
    let mut end = SHOWN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "--- input (first {end} of {} bytes) ---\n{}",
        text.len(),
        &text[..end]
    )
}
