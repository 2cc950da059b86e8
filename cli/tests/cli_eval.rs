//! `firn eval` end to end: output, errors with locations, and limits that end in errors
//! rather than crashes.

use std::process::Command;

fn eval(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_firn"))
        .arg("eval")
        .args(args)
        .env_remove("NIX_PATH")
        .output()
        .expect("firn runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_values_like_nix_instantiate() {
    let (status, stdout, _) = eval(&["--strict", "-E", "{ b = [ 1 2.5 \"s\" ]; a = x: x; }"]);
    assert_eq!(status, 0);
    assert_eq!(stdout, "{ a = <LAMBDA>; b = [ 1 2.5 \"s\" ]; }\n");
    let (_, lazy, _) = eval(&["-E", "{ a = 1 + 1; }"]);
    assert_eq!(lazy, "{ a = <CODE>; }\n");
    let (_, json, _) = eval(&["--json", "-E", "{ a = [ true null ]; }"]);
    assert_eq!(json, "{\"a\":[true,null]}\n");
}

#[test]
fn errors_name_the_position() {
    let (status, stdout, stderr) = eval(&["-E", "let x = 1; in\n  x + \"s\""]);
    assert_eq!(status, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("cannot add a string to an integer"),
        "{stderr}"
    );
    assert!(stderr.contains("«string»:2:5"), "{stderr}");
}

#[test]
fn million_deep_recursion_is_an_error_not_a_crash() {
    let (status, _, stderr) = eval(&[
        "-E",
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000000",
    ]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("stack overflow"), "{stderr}");
}

#[test]
fn deep_data_structures_do_not_crash() {
    // A 200,000-deep linked list forced, printed and serialised.
    let list = "builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 200000)";
    for wrap in [
        "builtins.deepSeq ({l}) 1",
        "builtins.stringLength (builtins.toJSON ({l}))",
    ] {
        let expr = wrap.replace("{l}", list);
        let (status, _, stderr) = eval(&["-E", &expr]);
        assert!(status == 0 || status == 1, "crashed: {status} {stderr}");
    }
}

#[test]
fn infinite_recursion_is_reported() {
    let (status, _, stderr) = eval(&["-E", "let x = x + 1; in x"]);
    assert_eq!(status, 1);
    assert!(
        stderr.contains("infinite recursion encountered"),
        "{stderr}"
    );
}

/// The acceptance check of the evaluator: nixpkgs lib's own test suite reports no failure.
#[test]
fn nixpkgs_lib_misc_tests_all_pass() {
    let Some(corpus) = test_utils::reference_dir("FIRN_CORPUS", "nixpkgs_lib_misc_tests_all_pass")
    else {
        return;
    };
    let misc = corpus.join("nixpkgs-lib/lib/tests/misc.nix");
    let (status, stdout, stderr) = eval(&["--strict", misc.to_str().unwrap()]);
    assert_eq!((status, stdout.as_str()), (0, "[ ]\n"), "stderr: {stderr}");
}

/// Nix's literal lints: off by default, a warning or a located error when asked for.
#[test]
fn literal_lints_warn_or_fail_at_the_literal() {
    let (status, stdout, _) = eval(&["-E", "builtins.length [ http://a.org sub/dir /a ~/b ]"]);
    assert_eq!((status, stdout.as_str()), (0, "4\n"));

    let (status, stdout, stderr) = eval(&["--lint-url-literals", "warn", "-E", "http://a.org"]);
    assert_eq!((status, stdout.as_str()), (0, "\"http://a.org\"\n"));
    assert!(
        stderr.contains("warning: URL literals are discouraged") && stderr.contains("«string»:1:1"),
        "{stderr}"
    );

    for (flag, expr, column, message) in [
        (
            "--lint-url-literals",
            "1 + http://a.org",
            5,
            "URL literals are disallowed",
        ),
        (
            "--lint-short-path-literals",
            "[ ./ok sub/dir ]",
            8,
            "relative path literal 'sub/dir'",
        ),
        (
            "--lint-absolute-path-literals",
            "[ 1 /tmp/x ]",
            5,
            "absolute path literals are not portable",
        ),
        (
            "--lint-absolute-path-literals",
            "[ 1 ~/x ]",
            5,
            "home path literals are not portable",
        ),
    ] {
        let (status, _, stderr) = eval(&[flag, "fatal", "-E", expr]);
        assert_eq!(status, 1, "{expr}: {stderr}");
        let setting = &flag[2..];
        assert!(
            stderr.contains(message) && stderr.contains(&format!("({setting})")),
            "{expr}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("«string»:1:{column}")),
            "{expr}: {stderr}"
        );
    }
}

/// toJSON counts nesting against max-call-depth, and says which attribute it was in.
#[test]
fn deep_to_json_fails_at_an_attribute() {
    let expr = "builtins.toJSON (builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 20000))";
    let (status, _, stderr) = eval(&["--show-trace", "-E", expr]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("max-call-depth exceeded"), "{stderr}");
    assert!(
        stderr.contains("while evaluating attribute 'tail'"),
        "{stderr}"
    );
    assert!(stderr.contains("duplicate frames omitted"), "{stderr}");
}

/// A position in `-E` text or stdin is `null`, as current CppNix's `EvalState::mkPos`
/// makes it for an origin that is no file (Nix 2.8 gave the text itself as `file`, so this
/// cannot be a differential test); in a file it is `{ column, file, line }`.
#[test]
fn positions_outside_files_are_null() {
    let (code, out, _) = eval(&["-E", r#"builtins.unsafeGetAttrPos "a" { a = 1; }"#]);
    assert_eq!((code, out.as_str()), (0, "null\n"));
    let (code, out, _) = eval(&["--strict", "-E", "__curPos"]);
    assert_eq!((code, out.as_str()), (0, "null\n"));
    let dir = std::env::temp_dir().join(format!("firn-pos-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pos.nix");
    std::fs::write(&file, "builtins.unsafeGetAttrPos \"a\" {\n  a = 1;\n}\n").unwrap();
    let (code, out, _) = eval(&["--strict", file.to_str().unwrap()]);
    let expected = format!(
        "{{ column = 3; file = \"{}\"; line = 2; }}\n",
        file.display()
    );
    assert_eq!((code, out), (0, expected));
    std::fs::remove_dir_all(&dir).ok();
}

/// `ceil` and `floor` of an integer a float cannot hold exactly, or of a number outside
/// the 64-bit range, are errors in current CppNix (prim_ceil / prim_floor, after CppNix
/// issue 12899; Nix 2.8 rounded silently, so no differential test can hold this).
#[test]
fn rounding_what_a_float_cannot_hold_is_an_error() {
    let (code, _, err) = eval(&["-E", "builtins.ceil 9007199254740993"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("NixInt argument 9007199254740993 was rounded to 9007199254740992"),
        "{err}"
    );
    let (code, _, err) = eval(&["-E", "builtins.floor 9223372036854775807"]);
    assert_eq!(code, 1);
    assert!(err.contains("caused undefined behavior"), "{err}");
    let (code, _, err) = eval(&["-E", "builtins.floor 1.0e30"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("NixFloat argument 1e+30 is not in the range of NixInt"),
        "{err}"
    );
    let (code, out, _) = eval(&["-E", "builtins.floor (-9223372036854775807 - 1)"]);
    assert_eq!((code, out.as_str()), (0, "-9223372036854775808\n"));
}
