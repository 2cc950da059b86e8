//! `nix-instantiate --parse` output (`eval::show_parsed`) checked against the only real
//! reference: the `.exp` of every `parse-okay-*` case of CppNix's language suite
//! (`FIRN_NIX_SRC`, by default the pinned copy in `../shared/`). `lang.sh` reads each case
//! from standard input in `tests/functional`, whose path it then replaces by `/pwd`; here
//! relative paths resolve against `/pwd` directly.

use std::path::Path;

#[test]
fn parse_okay_cases_print_as_cppnix_shows_them() {
    let Some(nix) = test_utils::reference_dir("FIRN_NIX_SRC", "show_parsed on parse-okay") else {
        return;
    };
    let lang = nix.join("tests/functional/lang");
    let mut cases: Vec<_> = std::fs::read_dir(&lang)
        .expect("the language suite")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "nix")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("parse-okay-"))
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 13, "only {} parse-okay cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("case");
        let expected = std::fs::read_to_string(case.with_extension("exp")).expect(".exp");
        let parse = syntax::parse(&text);
        if !parse.all_errors().is_empty() {
            failures.push(format!("{}: {:?}", case.display(), parse.all_errors()));
            continue;
        }
        let mut shown = eval::show_parsed::show_parsed(&parse.tree(), Path::new("/pwd"));
        shown.push('\n');
        if shown != expected {
            failures.push(format!(
                "{}:\n  expected: {}\n  got:      {}",
                case.display(),
                expected.trim_end(),
                shown.trim_end()
            ));
        }
    }
    println!(
        "parse-okay: {}/{} print as their .exp",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
