//! nixfmt's own test suite, run as its `test.sh` runs it (width 80), from a checkout named
//! by `FIRN_NIXFMT_SRC`. Prints the pass count of each part.

use formatter::{Options, format, format_verified};
use std::io::Write;
use std::path::Path;

fn opts(strict: bool, indent: usize) -> Options {
    Options {
        width: 80,
        indent,
        strict,
    }
}

/// Formats `input` and compares with `expected`; a description of the difference if any.
fn check(input: &str, expected: &str, options: &Options) -> Result<(), String> {
    match format_verified(input, options) {
        Ok(out) if out == expected => Ok(()),
        Ok(out) => Err(first_diff(expected, &out)),
        Err(e) => Err(format!("refused: {e}")),
    }
}

fn first_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let i = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    format!(
        "line {}:\n  - {}\n  + {}",
        i + 1,
        e.get(i).unwrap_or(&"<end>"),
        a.get(i).unwrap_or(&"<end>")
    )
}

struct Tally {
    name: &'static str,
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

impl Tally {
    fn new(name: &'static str) -> Self {
        Tally {
            name,
            passed: 0,
            total: 0,
            failures: vec![],
        }
    }
    fn record(&mut self, case: &Path, result: Result<(), String>) {
        self.total += 1;
        match result {
            Ok(()) => self.passed += 1,
            Err(e) => self.failures.push(format!("{}: {e}", case.display())),
        }
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

#[test]
fn nixfmt_suite() {
    let Some(root) = test_utils::reference_dir("FIRN_NIXFMT_SRC", "nixfmt_suite") else {
        return;
    };
    let test = root.join("test");
    let only = std::env::var("FIRN_NIXFMT_ONLY").ok();
    let mut diff = Tally::new("diff (out.nix)");
    let mut pure = Tally::new("diff --strict (out-pure.nix)");
    for case in sorted_entries(&test.join("diff")) {
        if only.as_deref().is_some_and(|o| !case.ends_with(o)) {
            continue;
        }
        let input = read(&case.join("in.nix"));
        diff.record(
            &case,
            check(&input, &read(&case.join("out.nix")), &opts(false, 2)),
        );
        pure.record(
            &case,
            check(&input, &read(&case.join("out-pure.nix")), &opts(true, 2)),
        );
    }
    let mut correct = Tally::new("correct (unchanged, --strict)");
    for file in sorted_entries(&test.join("correct")) {
        let input = read(&file);
        correct.record(&file, check(&input, &input, &opts(true, 2)));
    }
    let mut indent4 = Tally::new("correct-indent-4 (--indent 4)");
    let file = test.join("correct-indent-4.nix");
    let input = read(&file);
    indent4.record(&file, check(&input, &input, &opts(true, 4)));
    let mut invalid = Tally::new("invalid (refused)");
    for file in sorted_entries(&test.join("invalid")) {
        let refused = format(&read(&file), &Options::default()).is_err();
        invalid.record(
            &file,
            if refused {
                Ok(())
            } else {
                Err("was formatted".into())
            },
        );
    }

    let tallies = [diff, pure, correct, indent4, invalid];
    let mut failed = false;
    for t in &tallies {
        // Written to the stderr handle itself: the harness would hide `eprintln!`.
        let mut err = std::io::stderr();
        let _ = writeln!(
            err,
            "nixfmt suite, {}: {}/{} passed",
            t.name, t.passed, t.total
        );
        for f in &t.failures {
            let _ = writeln!(err, "  FAIL {f}");
        }
        failed |= t.passed != t.total;
    }
    assert!(!failed, "some nixfmt suite cases failed (listed above)");
}
