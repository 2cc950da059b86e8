//! Data-driven diagnostics: `test_data/diagnostics/<case>.nix` → `<case>.txt` with each
//! diagnostic (code, severity, the text it covers, message, fix) and the file after applying
//! every fix. Each diagnostic code has a case named after it. A `flake-*` case is read as
//! a `flake.nix` with `<case>.lock` as its lock. `UPDATE_EXPECT=1` blesses.

use analysis::{AnalysisHost, DiagnosticCode, DiagnosticsConfig};
use std::path::Path;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/diagnostics")
}

/// An `option-*` case: a module of a configuration, built in a scratch directory around
/// it (a flake whose `nixpkgs` input is the corpus's lib, `option-config/options.nix`).
fn option_workspace(case: &str, text: &str) -> Option<std::path::PathBuf> {
    let corpus = test_utils::reference_dir("FIRN_CORPUS", "option diagnostics fixtures")?;
    let lib = corpus.join("nixpkgs-lib");
    let hash = store::nar::nar_hash(&lib)
        .expect("the corpus hashes")
        .to_sri();
    let lock = format!(
        r#"{{ "nodes": {{ "nixpkgs": {{ "locked": {{ "lastModified": 1700000000, "narHash": "{hash}", "path": "{lib}", "type": "path" }}, "original": {{ "path": "{lib}", "type": "path" }} }}, "root": {{ "inputs": {{ "nixpkgs": "nixpkgs" }} }} }}, "root": "root", "version": 7 }}"#,
        lib = lib.display()
    );
    let flake = format!(
        "{{ inputs.nixpkgs.url = \"path:{}\"; outputs = {{ self, nixpkgs }}: {{ nixosConfigurations.host = nixpkgs.lib.evalModules {{ modules = [ ./options.nix ./host.nix ]; }}; }}; }}\n",
        lib.display()
    );
    let options = std::fs::read_to_string(data_dir().join("option-config/options.nix")).unwrap();
    Some(test_utils::scratch_dir(
        &format!("diagnostics-{case}"),
        &[
            ("flake.nix", &flake),
            ("flake.lock", &lock),
            ("options.nix", &options),
            ("host.nix", text),
        ],
    ))
}

/// The diagnostics of a fixture. A `flake-*` case is a `flake.nix`, checked against the
/// `<case>.lock` beside it; an `option-*` case a module of a configuration.
fn fixture_diagnostics(path: &Path, text: &str) -> Vec<analysis::Diagnostic> {
    let mut host = AnalysisHost::default();
    let case = path.file_stem().unwrap().to_string_lossy().into_owned();
    let path = if case.starts_with("option-") {
        match option_workspace(&case, text) {
            Some(dir) => dir.join("host.nix"),
            None => path.to_path_buf(),
        }
    } else if case.starts_with("flake-") {
        let dir = Path::new("/fixtures").join(&case);
        let lock = std::fs::read_to_string(data_dir().join(format!("{case}.lock"))).ok();
        host.set_flake_lock(&dir, lock);
        dir.join("flake.nix")
    } else {
        path.to_path_buf()
    };
    let file = host.set_file_text(&path, text.to_string());
    host.analysis()
        .diagnostics(file, &DiagnosticsConfig::default())
        .expect("not cancelled")
}

#[test]
fn fixtures() {
    test_utils::check_dir(&data_dir(), "nix", "txt", |path, text| {
        let diagnostics = fixture_diagnostics(path, text);
        let mut out = String::new();
        let mut edits = Vec::new();
        for d in &diagnostics {
            out.push_str(&format!(
                "{}[{}] {:?}: {}\n",
                d.severity.as_str(),
                d.code.as_str(),
                &text[d.range],
                d.message
            ));
            if let Some(fix) = &d.fix {
                out.push_str(&format!("  fix: {}\n", fix.title));
                edits.extend(fix.edits.iter().cloned());
            }
        }
        if !edits.is_empty() {
            let (fixed, _) = analysis::diagnostics::apply_edits(text, &edits);
            let before = syntax::parse(text).errors().len();
            assert!(
                syntax::parse(&fixed).errors().len() <= before,
                "{}: the fixes break the syntax:\n{fixed}",
                path.display()
            );
            out.push_str("--- after fixes ---\n");
            out.push_str(&fixed);
        }
        out
    });
}

#[test]
fn every_code_has_a_fixture() {
    let missing: Vec<&str> = DiagnosticCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !data_dir().join(format!("{code}.nix")).exists())
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// Each fixture named after a code must actually produce that code.
#[test]
fn fixtures_exercise_their_code() {
    for code in DiagnosticCode::ALL {
        let path = data_dir().join(format!("{}.nix", code.as_str()));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let diagnostics = fixture_diagnostics(&path, &text);
        assert!(
            diagnostics.iter().any(|d| d.code == *code),
            "{} does not produce {}",
            path.display(),
            code.as_str()
        );
    }
}

#[test]
fn config_disables_and_regrades() {
    let mut host = AnalysisHost::default();
    let file = host.set_file_text(Path::new("/t.nix"), "let a = 1; in x".to_string());
    let mut config = DiagnosticsConfig::default();
    config.set("unused-binding=off").unwrap();
    config.set("undefined-variable=warning").unwrap();
    let diagnostics = host.analysis().diagnostics(file, &config).unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, DiagnosticCode::UndefinedVariable);
    assert_eq!(diagnostics[0].severity, analysis::Severity::Warning);
    assert!(config.set("no-such-code=off").is_err());
    assert!(config.set("unused-binding=loud").is_err());
}
