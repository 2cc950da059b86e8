//! Data-driven tests: every `test_data/*.nix` is formatted (verified: same tree, comments
//! kept, idempotent) with each option set, and compared with the file beside it named
//! after the options (`x.expected`, `x.strict.expected`, …; `UPDATE_EXPECT=1` rewrites
//! them).

use formatter::{Options, format_verified};
use std::path::Path;

fn run(expect_ext: &str, options: Options) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    test_utils::check_dir(&dir, "nix", expect_ext, |_, text| {
        match format_verified(text, &options) {
            Ok(out) => out,
            Err(e) => format!("error: {e}\n"),
        }
    });
}

#[test]
fn default_options() {
    run("expected", Options::default());
}

#[test]
fn strict_mode_ignores_input_line_breaks() {
    let options = Options {
        strict: true,
        ..Options::default()
    };
    run("strict.expected", options);
}

#[test]
fn narrow_width() {
    let options = Options {
        width: 40,
        ..Options::default()
    };
    run("w40.expected", options);
}

#[test]
fn indent_four() {
    let options = Options {
        indent: 4,
        ..Options::default()
    };
    run("indent4.expected", options);
}
