//! Incrementality: an edit recomputes only the queries of the edited file, and an edit that
//! changes no meaning (whitespace) reuses name resolution.

use analysis::{AnalysisHost, DiagnosticsConfig, RootDatabase};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Records the queries salsa runs (not those it reuses).
fn host_with_log() -> (AnalysisHost, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let db = RootDatabase::with_event_callback(move |event| {
        if let salsa::EventKind::WillExecute { database_key } = event.kind {
            sink.lock().unwrap().push(format!("{database_key:?}"));
        }
    });
    (AnalysisHost::new(db), log)
}

#[test]
fn editing_one_file_recomputes_only_that_file() {
    let (mut host, log) = host_with_log();
    let a = host.set_file_text(Path::new("/a.nix"), "let x = 1; in x".into());
    let b = host.set_file_text(Path::new("/b.nix"), "{ y = 2; }".into());
    let config = DiagnosticsConfig::default();
    let analysis = host.analysis();
    analysis.diagnostics(a, &config).unwrap();
    analysis.diagnostics(b, &config).unwrap();
    drop(analysis);
    let first = log.lock().unwrap().len();
    assert!(
        first >= 10,
        "both files computed: {:?}",
        log.lock().unwrap()
    );
    log.lock().unwrap().clear();

    host.set_text(a, "let x = 1; in x + 1".into());
    let analysis = host.analysis();
    analysis.diagnostics(a, &config).unwrap();
    analysis.diagnostics(b, &config).unwrap();
    let ran = log.lock().unwrap().clone();
    assert!(!ran.is_empty(), "the edited file must be recomputed");
    let a_id = format!("{:?}", salsa::plumbing::AsId::as_id(&a));
    let b_id = format!("{:?}", salsa::plumbing::AsId::as_id(&b));
    assert!(
        ran.iter().all(|q| q.contains(&a_id)),
        "only file a: {ran:?}"
    );
    assert!(
        !ran.iter().any(|q| q.contains(&b_id)),
        "file b was recomputed: {ran:?}"
    );
}

#[test]
fn whitespace_edit_reuses_name_resolution() {
    let (mut host, log) = host_with_log();
    let a = host.set_file_text(Path::new("/a.nix"), "let x = 1; in x".into());
    let config = DiagnosticsConfig::default();
    host.analysis().diagnostics(a, &config).unwrap();
    log.lock().unwrap().clear();
    host.set_text(a, "let  x = 1;  in   x".into());
    host.analysis().diagnostics(a, &config).unwrap();
    let ran = log.lock().unwrap().clone();
    assert!(ran.iter().any(|q| q.starts_with("parse")), "{ran:?}");
    assert!(
        !ran.iter().any(|q| q.starts_with("name_resolution")),
        "the HIR did not change, so name resolution must be reused: {ran:?}"
    );
}

/// A snapshot still querying when the host edits gets `Err(Cancelled)` instead of answers
/// for a state that no longer exists, and the edit waits for it to let go.
#[test]
fn an_edit_cancels_queries_on_old_snapshots() {
    let mut host = AnalysisHost::default();
    let file = host.set_file_text(Path::new("/a.nix"), "let x = 1; in x".into());
    let analysis = host.analysis();
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let config = DiagnosticsConfig::default();
        for round in 0..2_000_000u32 {
            if round == 0 {
                started_tx.send(()).unwrap();
            }
            if analysis.diagnostics(file, &config).is_err() {
                return true;
            }
        }
        false
    });
    started_rx.recv().unwrap();
    // Blocks until the worker's snapshot is dropped, which happens once it sees cancellation.
    host.set_text(file, "let x = 2; in x".into());
    assert!(
        worker.join().unwrap(),
        "the old snapshot was never cancelled"
    );
}
