//! Real code (`FIRN_CORPUS`): no false errors (the corpus evaluates, so every undefined
//! variable or duplicate attribute reported would be wrong), and applying every fix keeps
//! each file valid and reaches a fixpoint: a second round finds nothing more to fix.

use analysis::{AnalysisHost, DiagnosticsConfig, Severity};

const ROUNDS: usize = 8;

#[test]
fn corpus_errors_and_fix_idempotence() {
    let Some(root) = test_utils::reference_dir("FIRN_CORPUS", "analysis on the corpus") else {
        return;
    };
    let config = DiagnosticsConfig::default();
    let mut host = AnalysisHost::default();
    let mut files = Vec::new();
    for path in test_utils::nix_files(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        files.push((path.clone(), host.set_file_text(&path, text)));
    }
    let mut failures = Vec::new();
    for (path, file) in &files {
        let diagnostics = host.analysis().diagnostics(*file, &config).unwrap();
        for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            failures.push(format!("{}: {:?} {}", path.display(), d.range, d.message));
        }
        let original = host.text(*file).to_string();
        let mut text = original.clone();
        let mut stable = false;
        for _ in 0..ROUNDS {
            let edits: Vec<_> = host
                .analysis()
                .diagnostics(*file, &config)
                .unwrap()
                .into_iter()
                .filter_map(|d| d.fix)
                .flat_map(|f| f.edits)
                .collect();
            let (next, _) = analysis::diagnostics::apply_edits(&text, &edits);
            if next == text {
                stable = true;
                break;
            }
            text = next;
            host.set_text(*file, text.clone());
        }
        if !stable {
            failures.push(format!("{}: fixes do not reach a fixpoint", path.display()));
        }
        let errors = syntax::parse(&text).all_errors();
        if !errors.is_empty() {
            failures.push(format!(
                "{}: fixed text is invalid: {}",
                path.display(),
                errors[0].message
            ));
        }
        host.set_text(*file, original);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
