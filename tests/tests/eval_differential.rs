//! `firn eval --strict` against Debian's Nix 2.8 (`nix-instantiate --eval --strict`, with
//! `NIX_REMOTE=dummy://` so nothing is written): on the expressions in
//! `tests/eval_differential/` and on seeded random programs. Cases marked as a known
//! difference are compared with the `.exp` beside them instead. Skips with a visible message
//! when `nix-instantiate` is not installed (a failure in CI, where `scripts/test` installs it).

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Places where Nix 2.8 and current Nix (which firn follows) print differently, with why.
/// Each is a substring that, when present in a case, excuses a difference.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "known-difference: whole floats in toJSON",
        "Nix 2.8 wrote floats with C++ streams (`1`); current Nix uses nlohmann::json (`1.0`)",
    ),
    (
        "known-difference: genericClosure with an empty startSet",
        "current CppNix returns an empty startSet without reading `operator` \
         (prim_genericClosure); Nix 2.8 forced `operator` first",
    ),
    (
        "known-difference: sort of an empty list",
        "current CppNix returns an empty list before forcing the comparator (prim_sort in \
         src/libexpr/primops.cc at 88b09c64); Nix 2.8 forced the comparator first",
    ),
    (
        "known-difference: reserved output name",
        "Nix 2.8 refused a derivation output named `drv`; current Nix refuses `drvPath` \
         (the attribute the result already has) and allows `drv`",
    ),
];

struct Run {
    status: i32,
    stdout: String,
}

fn run(program: &str, args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("NIX_REMOTE", "dummy://")
        .env("NIX_STORE_DIR", "/nix/store")
        .env_remove("NIX_PATH")
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    Run {
        status: out.status.code().unwrap_or(-1),
        // Byte for byte: a string cut inside a character prints bytes that are not UTF-8.
        stdout: test_utils::differential::show_bytes(&out.stdout),
    }
}

fn compare(args: &[&str], cwd: &Path, label: &str, failures: &mut Vec<String>) {
    let mut nix_args = vec!["--eval", "--strict"];
    nix_args.extend_from_slice(args);
    let nix = run("nix-instantiate", &nix_args, cwd);
    let mut firn_args = vec!["eval", "--strict"];
    firn_args.extend_from_slice(args);
    let firn = run(&firn_path(), &firn_args, cwd);
    let same =
        (nix.status == 0) == (firn.status == 0) && (nix.status != 0 || nix.stdout == firn.stdout);
    if !same {
        failures.push(format!(
            "{label}\n  nix  (exit {}): {}\n  firn (exit {}): {}",
            nix.status,
            nix.stdout.trim_end(),
            firn.status,
            firn.stdout.trim_end()
        ));
    }
}

/// A known difference runs as an expected-output test: firn must print the `.exp` beside
/// the case, written from current CppNix's behaviour (cited in the case's comment).
fn expect_output(file: &Path, cwd: &Path, label: &str, failures: &mut Vec<String>) {
    let exp = file.with_extension("exp");
    let Ok(expected) = std::fs::read_to_string(&exp) else {
        failures.push(format!(
            "{label}: a known difference needs {}",
            exp.display()
        ));
        return;
    };
    let firn = run(&firn_path(), &["eval", "--strict", label], cwd);
    if firn.status != 0 || firn.stdout != expected {
        failures.push(format!(
            "{label} (known difference, expected output)\n  expected: {}\n  firn (exit {}): {}",
            expected.trim_end(),
            firn.status,
            firn.stdout.trim_end()
        ));
    }
}

fn excused(text: &str) -> bool {
    KNOWN_DIFFERENCES
        .iter()
        .any(|(needle, _)| text.contains(needle))
}

#[test]
fn expressions_match_nix_2_8() {
    if !test_utils::program_available("nix-instantiate", "expressions_match_nix_2_8") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval_differential");
    let files = test_utils::nix_files(&dir);
    assert!(files.len() >= 8, "the differential corpus is missing");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("corpus file");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if excused(&text) {
            expect_output(file, &dir, &name, &mut failures);
        } else {
            compare(&[&name], &dir, &name, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Regular expressions as CppNix reads them (POSIX ERE through libstdc++): each pattern of
/// `regex-patterns.txt` refused or accepted alike, and the same `match` and `split`
/// results (POSIX's longest match, `std::regex_iterator`'s walk past empty matches).
#[test]
fn regular_expressions_match_nix_2_8() {
    if !test_utils::program_available("nix-instantiate", "regular_expressions_match_nix_2_8") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval_differential");
    let list = std::fs::read_to_string(dir.join("regex-patterns.txt")).unwrap();
    let mut failures = Vec::new();
    let patterns: Vec<&str> = list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for pattern in &patterns {
        for subject in ["a", "xaabx", "abcd", ""] {
            let expr = format!(
                "[ (builtins.match \"{pattern}\" \"{subject}\") (builtins.split \"{pattern}\" \"{subject}\") ]"
            );
            compare(&["-E", &expr], &dir, &expr, &mut failures);
        }
    }
    assert!(patterns.len() > 60, "the pattern list is missing");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        patterns.len() * 4,
        failures.join("\n")
    );
}

/// The random differential tester (`test_utils::differential`, `program_gen`): 300 typed
/// programs from a fixed seed, in batches, each difference minimised. `scripts/differential`
/// runs longer ones.
#[test]
fn random_programs_match_nix_2_8() {
    if !test_utils::program_available("nix-instantiate", "random_programs_match_nix_2_8") {
        return;
    }
    let report =
        test_utils::differential::run(&test_utils::firn_binary(), 0x5eed_f1e2_0026_1121, 300, 4);
    let (firn_rate, nix_rate) = report.rates();
    let _ = writeln!(
        std::io::stderr(),
        "figure: random differential: {} programs, {} differences; firn {firn_rate:.0} programs/s, Nix 2.8 {nix_rate:.0} programs/s",
        report.programs,
        report.differences.len()
    );
    let shown: Vec<String> = report
        .differences
        .iter()
        .map(|d| {
            format!(
                "  {}\n    nix:  {}\n    firn: {}",
                d.minimised, d.nix, d.firn
            )
        })
        .collect();
    assert!(
        shown.is_empty(),
        "{} differ (minimised):\n{}",
        shown.len(),
        shown.join("\n")
    );
}

fn firn_path() -> String {
    test_utils::firn_binary().to_string_lossy().into_owned()
}

/// Top-level functions: `nix-instantiate --eval` calls the result only when `--arg` or
/// `--argstr` are given, and calls each value an `-A` path selects from (CppNix's
/// `findAlongAttrPath`), with the arguments it names or its defaults.
#[test]
fn top_level_functions_match_nix_2_8() {
    if !test_utils::program_available("nix-instantiate", "top_level_functions_match_nix_2_8") {
        return;
    }
    let cases: &[&[&str]] = &[
        &["-E", "{ a ? 1 }: a"],
        &["-E", "{ a }: a"],
        &["-E", "x: x"],
        &["-E", "{ a ? 1 }: a", "--arg", "a", "3"],
        &["-E", "{ a ? 1, b }: a + b", "--arg", "b", "2"],
        &["-E", "{ a, ... }: a", "--argstr", "a", "s"],
        &["-E", "x: x", "--arg", "b", "2"],
        &["-E", "{ a ? 1 }: { x = a; }", "-A", "x"],
        &[
            "-E",
            "{ a ? 1 }: { x = { b ? 2 }: { y = a + b; }; }",
            "-A",
            "x.y",
        ],
        &["-E", "{ a ? 1 }: { x = { b ? 2 }: b; }", "-A", "x"],
        &["-E", "{ a }: { x = a; }", "-A", "x", "--arg", "a", "5"],
        &["-E", "{ a }: { x = 1; }", "-A", "x"],
        &["-E", "{ a }: a", "--arg", "b", "1"],
        &["-E", "{ a, ... }: a", "--arg", "b", "1"],
        &["-E", "{ x = { a ? 4 }: a; }", "-A", "x", "--strict"],
    ];
    let cwd = std::env::temp_dir();
    let mut failures = Vec::new();
    for args in cases {
        let mut nix_args = vec!["--eval"];
        nix_args.extend_from_slice(args);
        let nix = run("nix-instantiate", &nix_args, &cwd);
        let mut firn_args = vec!["eval"];
        firn_args.extend_from_slice(args);
        let firn = run(&firn_path(), &firn_args, &cwd);
        if (nix.status == 0) != (firn.status == 0) || nix.stdout != firn.stdout {
            failures.push(format!(
                "{args:?}\n  nix  (exit {}): {}\n  firn (exit {}): {}",
                nix.status,
                nix.stdout.trim_end(),
                firn.status,
                firn.stdout.trim_end()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where firn follows current CppNix rather than Nix 2.8 (which it cannot be compared
/// with): `forceValueDeep` counts each level of a value against `max-call-depth`
/// (`addCallDepth`, src/libexpr/eval.cc at 88b09c64), so `--strict` and `deepSeq` on a
/// value nested deeper than 10,000 levels fail with CppNix's stack-overflow error, where
/// Nix 2.8 printed it; a value well inside the limit is still printed.
#[test]
fn deep_values_count_against_max_call_depth() {
    let nested = |n: u32| format!("let x = n: if n == 0 then [ ] else [ (x (n - 1)) ]; in x {n}");
    let dir = std::env::temp_dir();
    let shallow = run(
        &firn_path(),
        &["eval", "--strict", "-E", &nested(5_000)],
        &dir,
    );
    assert_eq!(shallow.status, 0, "5,000 levels are within the limit");
    assert!(
        shallow.stdout.starts_with("[ [ [ "),
        "{}",
        &shallow.stdout[..40]
    );
    for args in [vec!["eval", "--strict", "-E"], vec!["eval", "-E"]] {
        let program = if args.len() == 3 {
            nested(20_000)
        } else {
            format!("builtins.deepSeq ({}) 1", nested(20_000))
        };
        let mut args = args.clone();
        args.push(&program);
        let out = Command::new(firn_path())
            .args(&args)
            .current_dir(&dir)
            .output()
            .expect("firn runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: stack overflow; max-call-depth exceeded"),
            "{args:?}: {stderr}"
        );
    }
}
