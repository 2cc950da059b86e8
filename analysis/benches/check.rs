//! `cargo bench -p analysis`: every diagnostic of every file of home-manager
//! (`$FIRN_CORPUS/home-manager`), cold (a fresh database) and after a one-file edit (the
//! incremental case), with files/s and peak RSS. Whole-CLI timing, parallel over cores:
//! `/usr/bin/time firn check $FIRN_CORPUS/home-manager`.
//!
//! The peer, nil, is not built here; its published figure for the same tree is 1.1–1.4 s.

use analysis::{AnalysisHost, DiagnosticsConfig};
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let Some(root) = std::env::var_os("FIRN_CORPUS") else {
        eprintln!("FIRN_CORPUS is not set: nothing to benchmark");
        return;
    };
    let dir = std::path::Path::new(&root).join("home-manager");
    let files: Vec<(std::path::PathBuf, String)> = test_utils::nix_files(&dir)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    let config = DiagnosticsConfig::default();

    let start = Instant::now();
    let mut host = AnalysisHost::default();
    let ids: Vec<_> = files
        .iter()
        .map(|(p, t)| host.set_file_text(p, t.clone()))
        .collect();
    let analysis = host.analysis();
    let mut count = 0;
    for id in &ids {
        count += analysis
            .diagnostics(*id, &config)
            .expect("not cancelled")
            .len();
    }
    drop(analysis);
    let cold = start.elapsed();

    let edited = ids[ids.len() / 2];
    let text = format!("{}\n", host.text(edited));
    let start = Instant::now();
    host.set_text(edited, text);
    let analysis = host.analysis();
    for id in &ids {
        analysis.diagnostics(*id, &config).expect("not cancelled");
    }
    let warm = start.elapsed();

    println!("home-manager: {} files, {count} diagnostics", files.len());
    println!(
        "cold, one thread: {:.2?} ({:.0} files/s)",
        cold,
        files.len() as f64 / cold.as_secs_f64()
    );
    println!("after a one-file edit: {warm:.2?}");
    println!("peak RSS: {:.0} MB", peak_rss_mb());
    // Not measured here, so no ratio is computed from it.
    println!("nil, for reference (published, not measured here): 1.1-1.4 s, 74 MB");
}
