//! Deeply nested input, as deep as the parser accepts, formats without overflowing the
//! stack, even when called from a thread with a small stack; deeper input is refused.

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

fn on_small_stack(text: String) -> Result<String, formatter::FormatError> {
    std::thread::Builder::new()
        .stack_size(256 << 10)
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
        let depth = deepest(open, leaf, close);
        assert!(depth > 100, "{open}…: the parser stops at {depth}");
        let out = on_small_stack(nested(open, leaf, close, depth));
        assert!(out.is_ok(), "{open}… at depth {depth}: {out:?}");
    }
    let ops = format!("{}1\n", "1 + ".repeat(3000));
    assert!(on_small_stack(ops).is_ok());
}

#[test]
fn nesting_beyond_the_parser_limit_is_refused() {
    let text = nested("[ ", "1", " ]", 5000);
    assert!(format(&text, &Options::default()).is_err());
}
