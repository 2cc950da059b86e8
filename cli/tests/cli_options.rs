//! `firn options` as the README shows it: the list under a prefix, one option in full, and
//! JSON. Agreement with Nix 2.8 on real module sets is `tests/tests/options_golden.rs`.

use std::process::Command;

const EXPR: &str = r#"let lib = import ../shared/corpus/nixpkgs-lib/lib; in lib.evalModules { modules = [ { options.services.web = { enable = lib.mkEnableOption "the web server"; port = lib.mkOption { type = lib.types.port; default = 8080; description = "Port to listen on."; }; }; } ]; }"#;

fn options(extra: &[&str]) -> Option<String> {
    let root = test_utils::workspace_root();
    if !root.join("../shared/corpus/nixpkgs-lib/lib").is_dir() {
        assert!(!test_utils::in_ci(), "../shared/corpus is missing");
        eprintln!("SKIPPED cli_options: ../shared/corpus is missing");
        return None;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_firn"))
        .args([
            "options",
            "--lib",
            "../shared/corpus/nixpkgs-lib/lib",
            "--expr",
            EXPR,
        ])
        .args(extra)
        .current_dir(root)
        .output()
        .expect("firn runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn lists_shows_and_prints_json() {
    let Some(list) = options(&["services"]) else {
        return;
    };
    assert_eq!(
        list,
        "services.web.enable (boolean)\nservices.web.port (16 bit unsigned integer; between 0 and 65535 (both inclusive))\n"
    );
    let one = options(&["show", "services.web.port"]).unwrap();
    assert!(one.contains("default: 8080"), "{one}");
    assert!(one.contains("Port to listen on."), "{one}");
    let json: serde_json::Value = serde_json::from_str(&options(&["--json"]).unwrap()).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    // The `_module` options are in every module system (internal, not listed above).
    assert_eq!(
        names,
        [
            "_module.args",
            "_module.check",
            "_module.freeformType",
            "_module.specialArgs",
            "services.web.enable",
            "services.web.port"
        ]
    );
    assert_eq!(json[5]["default"]["text"], "8080");
}
