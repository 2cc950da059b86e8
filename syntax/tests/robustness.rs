//! The parser never panics and is always lossless: seeded random mutations of the test data,
//! random text, and pathological nesting. (The cargo-fuzz target in `syntax/fuzz` explores
//! the same properties without bounds.)

use std::path::Path;
use syntax::ast::{self, AstNode};
use test_utils::random::Rng;

/// Parses `text` and checks every property that must hold for any input.
fn check(text: &str) {
    let parse = syntax::parse(text);
    assert_eq!(
        parse.syntax().to_string(),
        text,
        "not lossless for {text:?}"
    );
    for error in parse.all_errors() {
        assert!(
            error.range.end() <= syntax::TextSize::of(text),
            "error range {:?} outside the text {text:?}",
            error.range
        );
    }
    // Every accessor of every node works on broken trees too.
    for node in parse.syntax().descendants() {
        if let Some(expr) = ast::Expr::cast(node.clone()) {
            match expr {
                ast::Expr::Str(s) => drop(s.normalized_parts()),
                ast::Expr::BinOp(b) => drop((b.lhs(), b.operator(), b.rhs())),
                ast::Expr::IfElse(i) => drop((i.condition(), i.then_body(), i.else_body())),
                ast::Expr::Lambda(l) => drop((l.param(), l.body())),
                ast::Expr::Select(s) => drop((s.expr(), s.attrpath(), s.default_expr())),
                _ => {}
            }
        }
    }
}

fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    test_utils::nix_files(&root)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

const PIECES: &[&str] = &[
    "{", "}", "[", "]", "(", ")", "\"", "''", "${", "'''", "''$", "''\\", "\\", "$", ";", "=", ".",
    "...", ",", "@", "?", ":", "//", "/", "/*", "*/", "#", "\r", "\n", " ", "let", "in", "rec",
    "inherit", "or", "if", "then", "else", "with", "assert", "->", "|>", "<|", "<a>", "./p", "~/p",
    "x:x", "1.5", ".5", "é", "\0", "a", "-", "!",
];

#[test]
fn random_mutations_never_panic_and_stay_lossless() {
    let seeds = seeds();
    let mut rng = Rng::new(0x5eed_f1a2_0bad_cafe);
    for _ in 0..4000 {
        let mut text = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(4) {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(3) {
                0 => text.insert_str(at, rng.pick::<&str>(PIECES)),
                1 => {
                    let mut end = (at + 1 + rng.below(8)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.truncate(at),
            }
        }
        check(&text);
    }
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng::new(42);
    for _ in 0..2000 {
        let len = rng.below(200);
        check(&rng.string(PIECES, len));
        let bytes = rng.bytes(len);
        check(&String::from_utf8_lossy(&bytes));
    }
}

/// Deep nesting ends in an error, not a stack overflow, on a test thread's small stack.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let cases = [
        format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{}1", "!".repeat(depth)),
        format!("{}1", "-".repeat(depth)),
        format!("{}1", "x: ".repeat(depth)),
        format!("{}1", "let a = 1; in ".repeat(depth)),
        format!("{}1", "1 ++ ".repeat(depth)),
        format!("{}{}", "\"${".repeat(depth), "}\"".repeat(depth)),
        format!("{}{}", "{ a = ".repeat(depth), "1; }".repeat(depth)),
        format!("{}1", "a.b or ".repeat(depth)),
    ];
    for text in &cases {
        let parse = syntax::parse(text);
        assert_eq!(parse.syntax().to_string(), *text);
        assert!(
            parse
                .errors()
                .iter()
                .any(|e| e.message.contains("nested too deeply")),
            "no depth error for {}…",
            &text[..20]
        );
        drop(parse.all_errors());
    }
}

#[test]
fn moderate_nesting_is_fine() {
    let text = format!("{}1{}", "(".repeat(300), ")".repeat(300));
    assert!(syntax::parse(&text).all_errors().is_empty());
}
