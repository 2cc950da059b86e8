//! Fuzzes the parser's invariants on arbitrary UTF-8 input:
//! - `syntax::parse` never panics;
//! - the tree is lossless: its text equals the input byte for byte;
//! - semantic validation (`Parse::all_errors`) never panics;
//! - decoding every string literal (`Str::normalized_parts`) never panics.
//!
//! Run from `syntax/` (only a stable toolchain is needed; cargo-fuzz wants nightly flags):
//!
//! ```sh
//! RUSTC_BOOTSTRAP=1 cargo fuzz run parse -- -max_total_time=300 -max_len=4096
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use syntax::ast::{AstNode, Str};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parse = syntax::parse(text);
    assert_eq!(parse.syntax().to_string(), text);
    let _ = parse.all_errors();
    for node in parse.syntax().descendants() {
        if let Some(s) = Str::cast(node) {
            let _ = s.normalized_parts();
        }
    }
});
