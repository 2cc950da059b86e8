//! Data-driven tests: every `.nix` file under `test_data/` has its expected output beside it.
//! `UPDATE_EXPECT=1 cargo test -p syntax` rewrites the expectations.

use std::path::Path;
use syntax::SyntaxError;

fn data_dir(sub: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(sub)
}

fn format_errors(errors: &[SyntaxError]) -> String {
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!(
            "{}..{}: {}\n",
            u32::from(e.range.start()),
            u32::from(e.range.end()),
            e.message
        ));
    }
    out
}

/// Parses, checks losslessness, and prints the tree followed by the syntax errors.
fn tree_and_errors(text: &str) -> (String, Vec<SyntaxError>) {
    let parse = syntax::parse(text);
    assert_eq!(
        parse.syntax().to_string(),
        text,
        "the tree must reproduce the input"
    );
    (parse.debug_tree(), parse.errors().to_vec())
}

#[test]
fn parser_ok() {
    test_utils::check_dir(&data_dir("parser/ok"), "nix", "rast", |path, text| {
        let (tree, errors) = tree_and_errors(text);
        assert!(
            errors.is_empty(),
            "{}: unexpected errors:\n{}",
            path.display(),
            format_errors(&errors)
        );
        tree
    });
}

#[test]
fn parser_err() {
    test_utils::check_dir(&data_dir("parser/err"), "nix", "rast", |path, text| {
        let (tree, errors) = tree_and_errors(text);
        // `empty` and `only_comment` lack an expression; every case here has an error.
        assert!(!errors.is_empty(), "{}: expected errors", path.display());
        format!("{tree}\nerrors:\n{}", format_errors(&errors))
    });
}

#[test]
fn validate() {
    test_utils::check_dir(&data_dir("validate"), "nix", "txt", |path, text| {
        let parse = syntax::parse(text);
        assert!(
            parse.errors().is_empty(),
            "{}: validation cases must be syntactically valid:\n{}",
            path.display(),
            format_errors(parse.errors())
        );
        let errors = syntax::validate::validate(&parse.tree());
        let mut out = String::new();
        for e in &errors {
            let snippet = &text[e.range];
            out.push_str(&format!(
                "{}..{} {snippet:?}: {}",
                u32::from(e.range.start()),
                u32::from(e.range.end()),
                e.message
            ));
            if let Some((label, range)) = &e.related {
                out.push_str(&format!(" ({label}: {:?})", &text[*range]));
            }
            out.push('\n');
        }
        if out.is_empty() {
            out.push_str("no errors\n");
        }
        out
    });
}
