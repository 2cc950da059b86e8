//! Range formatting: the smallest whole bindings / list items covering a range are
//! formatted in place; nothing else moves.

use formatter::{Edit, Options, format, format_range};
use syntax::{TextRange, TextSize};

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(
            usize::from(e.range.start())..usize::from(e.range.end()),
            &e.text,
        );
    }
    out
}

/// The byte range of the first occurrence of `needle`.
fn range_of(text: &str, needle: &str) -> TextRange {
    let start = text.find(needle).expect("needle present");
    TextRange::new(
        TextSize::from(start as u32),
        TextSize::from((start + needle.len()) as u32),
    )
}

const MESSY: &str = "{\n  a = {\n    b = [ 1\n      2 ];\n    c =   1;\n  };\n  d =   f   x;\n}\n";

#[test]
fn a_range_inside_a_binding_formats_that_binding_only() {
    let opts = Options::default();
    let edits = format_range(MESSY, range_of(MESSY, "2 ]"), &opts).expect("formats");
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].range, range_of(MESSY, "b = [ 1\n      2 ];"));
    let out = apply(MESSY, &edits);
    assert_eq!(
        out,
        "{\n  a = {\n    b = [\n      1\n      2\n    ];\n    c =   1;\n  };\n  d =   f   x;\n}\n"
    );
}

#[test]
fn a_range_across_bindings_formats_each_of_them() {
    let opts = Options::default();
    let range = range_of(MESSY, "b = [ 1\n      2 ];\n    c =   1;");
    let out = apply(MESSY, &format_range(MESSY, range, &opts).expect("formats"));
    assert!(
        out.contains("    c = 1;\n") && out.contains("  d =   f   x;\n"),
        "{out}"
    );
}

#[test]
fn the_whole_file_range_gives_the_whole_file_format() {
    let opts = Options::default();
    let range = TextRange::up_to(TextSize::of(MESSY));
    let out = apply(MESSY, &format_range(MESSY, range, &opts).expect("formats"));
    assert_eq!(out, format(MESSY, &opts).expect("formats"));
}

#[test]
fn syntax_errors_are_refused() {
    let text = "{ a = ; }";
    let r = format_range(
        text,
        TextRange::up_to(TextSize::of(text)),
        &Options::default(),
    );
    assert!(matches!(r, Err(formatter::FormatError::Syntax(_))));
}

/// In a formatted file, formatting any node's range changes nothing.
#[test]
fn formatted_files_are_fixed_points_for_every_range() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("test_data") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".expected") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        if text.starts_with("error:") {
            continue;
        }
        let options = Options::default();
        if format(&text, &options).ok().as_deref() != Some(text.as_str()) {
            continue; // An expectation for other options.
        }
        for node in syntax::parse(&text).syntax().descendants() {
            let edits = format_range(&text, node.text_range(), &options).expect("formats");
            assert!(
                edits.is_empty(),
                "{}: {:?} -> {edits:?}",
                path.display(),
                node.text_range()
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} ranges checked");
}

/// Lines inside strings are content, not indentation: a `"` string keeps them as they are.
#[test]
fn string_lines_keep_their_content() {
    let text = "{\n  a = {\n    d =   \"x\n  y\";\n  };\n}\n";
    let edits = format_range(text, range_of(text, "d ="), &Options::default()).expect("formats");
    assert_eq!(
        apply(text, &edits),
        "{\n  a = {\n    d = \"x\n  y\";\n  };\n}\n"
    );
}
