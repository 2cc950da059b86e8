//! The parser: never panics, and the tree is lossless (its text is the input, byte for
//! byte); validation and string decoding never panic either.

use syntax::ast::{AstNode, Str};

pub fn check(data: &[u8]) {
    check_text(&crate::input_text(data));
}

pub fn check_text(text: &str) {
    let parse = syntax::parse(text);
    let round_trip = parse.syntax().to_string();
    if round_trip != text {
        panic!(
            "the tree is not lossless: {} bytes in, {} bytes out\n{}",
            text.len(),
            round_trip.len(),
            crate::excerpt(text)
        );
    }
    let _ = parse.all_errors();
    for node in parse.syntax().descendants() {
        if let Some(s) = Str::cast(node) {
            let _ = s.normalized_parts();
        }
    }
}
