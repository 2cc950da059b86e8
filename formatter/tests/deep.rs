//! Nested input, up to as deep as the parser accepts, formats without overflowing the
//! stack of a thread with Rust's default 2 MiB; deeper input is refused.

use formatter::{Options, format, format_verified};

fn nested(open: &str, leaf: &str, close: &str, depth: usize) -> String {
    format!("{}{leaf}{}\n", open.repeat(depth), close.repeat(depth))
}

/// The deepest nesting of this shape the parser accepts (binary search below 4000).
fn deepest(open: &str, leaf: &str, close: &str) -> usize {
    let (mut ok, mut bad) = (1, 4000);
    while bad - ok > 1 {
        let mid = (ok + bad) / 2;
        if syntax::parse(&nested(open, leaf, close, mid))
            .errors()
            .is_empty()
        {
            ok = mid;
        } else {
            bad = mid;
        }
    }
    ok
}

fn on_default_stack(text: String) -> Result<String, formatter::FormatError> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || format_verified(&text, &Options::default()))
        .expect("thread")
        .join()
        .expect("no panic")
}

#[test]
fn deep_nesting_formats() {
    let shapes = [
        ("[ ", "1", " ]"),
        ("(", "x", ")"),
        ("x: ", "x", ""),
        ("{ a = ", "1", "; }"),
        ("if c then 1 else ", "x", ""),
        ("f (", "x", ")"),
        ("\"${", "x", "}\""),
    ];
    for (open, leaf, close) in shapes {
        let deepest = deepest(open, leaf, close);
        assert!(deepest > 100, "{open}…: the parser stops at {deepest}");
        // Around the depth where formatting leaves the caller's thread, and at the limit.
        for depth in (1..40).chain([deepest]) {
            let out = on_default_stack(nested(open, leaf, close, depth));
            assert!(out.is_ok(), "{open}… at depth {depth}: {out:?}");
        }
    }
    let ops = format!("{}1\n", "1 + ".repeat(3000));
    assert!(on_default_stack(ops).is_ok());
}

#[test]
fn nesting_beyond_the_parser_limit_is_refused() {
    let text = nested("[ ", "1", " ]", 5000);
    assert!(format(&text, &Options::default()).is_err());
}
