//! CppNix's language test suite (`tests/functional/lang` of a NixOS/nix checkout named by
//! `FIRN_NIX_SRC`): every `parse-okay-*` and `eval-okay-*` file parses with no error (syntax
//! or parse-time semantic), and every `parse-fail-*` file is rejected.

use std::path::Path;

fn lang_dir() -> Option<std::path::PathBuf> {
    let src = test_utils::reference_dir("FIRN_NIX_SRC", "CppNix language suite")?;
    let dir = src.join("tests/functional/lang");
    assert!(dir.is_dir(), "{} is not a directory", dir.display());
    Some(dir)
}

fn files_with_prefix(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("readable lang dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with(prefix) && name.ends_with(".nix")
        })
        .collect();
    files.sort();
    files
}

/// Errors of a file as `firn parse` reports them. CppNix reads these files as bytes; a file
/// that is not UTF-8 counts as rejected.
fn all_errors(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("readable test file");
    match String::from_utf8(bytes) {
        Ok(text) => {
            let parse = syntax::parse(&text);
            assert_eq!(
                parse.syntax().to_string(),
                text,
                "{}: not lossless",
                path.display()
            );
            parse
                .all_errors()
                .iter()
                .map(|e| format!("{:?}: {}", e.range, e.message))
                .collect()
        }
        Err(_) => vec!["not UTF-8".to_string()],
    }
}

#[test]
fn valid_files_parse_cleanly() {
    let Some(dir) = lang_dir() else { return };
    let mut failures = Vec::new();
    let mut count = 0;
    for prefix in ["parse-okay-", "eval-okay-"] {
        for path in files_with_prefix(&dir, prefix) {
            count += 1;
            let errors = all_errors(&path);
            if !errors.is_empty() {
                failures.push(format!("{}: {}", path.display(), errors.join("; ")));
            }
        }
    }
    assert!(count > 100, "only {count} files found: wrong FIRN_NIX_SRC?");
    assert!(
        failures.is_empty(),
        "valid files with errors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn invalid_files_are_rejected() {
    let Some(dir) = lang_dir() else { return };
    let files = files_with_prefix(&dir, "parse-fail-");
    assert!(
        files.len() > 30,
        "only {} parse-fail files found",
        files.len()
    );
    let accepted: Vec<_> = files
        .iter()
        .filter(|path| all_errors(path).is_empty())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        accepted.is_empty(),
        "invalid files accepted:\n{}",
        accepted.join("\n")
    );
}

/// Files of the suite where tree-sitter-nix 0.3 and the grammar disagree, and why.
const TREE_SITTER_WRONG: &[(&str, &str)] = &[
    (
        "parse-okay-crlf.nix",
        "a lone CR ends a `#` comment; tree-sitter-nix's runs to LF",
    ),
    (
        "eval-okay-path-string-interpolation.nix",
        "no interpolation in `~/` paths",
    ),
    (
        "parse-fail-unexpected-assert.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-if.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-in.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-inherit.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-let.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-rec.nix",
        "accepts a keyword as attribute name after `.`",
    ),
    (
        "parse-fail-unexpected-with.nix",
        "accepts a keyword as attribute name after `.`",
    ),
];

/// Differential check of the grammar alone (no name binding) against tree-sitter-nix.
#[test]
fn tree_sitter_nix_agrees_on_the_suite() {
    let Some(dir) = lang_dir() else { return };
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_nix::LANGUAGE.into())
        .expect("tree-sitter-nix loads");
    let mut unexpected = Vec::new();
    for prefix in ["parse-okay-", "eval-okay-", "parse-fail-"] {
        for path in files_with_prefix(&dir, prefix) {
            let bytes = std::fs::read(&path).expect("readable");
            let firn_ok = match std::str::from_utf8(&bytes) {
                Ok(text) => syntax::parse(text).errors().is_empty(),
                Err(_) => false,
            };
            let ts_ok = !parser
                .parse(&bytes, None)
                .expect("tree-sitter returns a tree")
                .root_node()
                .has_error();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let known = TREE_SITTER_WRONG.iter().any(|(file, _)| *file == name);
            if (firn_ok != ts_ok) != known {
                unexpected.push(format!(
                    "{name}: firn grammar {}, tree-sitter-nix {}{}",
                    if firn_ok { "accepts" } else { "rejects" },
                    if ts_ok { "accepts" } else { "rejects" },
                    if known {
                        " (listed as a known disagreement)"
                    } else {
                        ""
                    },
                ));
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
