//! `firn check [--json] [--fix] [--set CODE=LEVEL]... PATH...`

use super::diagnostics::Reporter;
use super::inputs::{self, Input};
use analysis::{AnalysisHost, Diagnostic, DiagnosticsConfig, Severity, SourceFile};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// One JSON object per diagnostic and line.
    #[arg(long)]
    json: bool,
    /// Apply the fixes in place (repeatedly, until none is left), keeping a file unchanged
    /// if the result would not parse.
    #[arg(long)]
    fix: bool,
    /// Set a code's level: `CODE=error|warning|hint|off` (repeatable).
    #[arg(long = "set", value_name = "CODE=LEVEL")]
    settings: Vec<String>,
    /// Files, directories (searched for *.nix) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let mut config = DiagnosticsConfig::default();
    for setting in &args.settings {
        if let Err(message) = config.set(setting) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let (inputs, missing) = inputs::expand(&args.paths);
    let mut reporter = Reporter::stderr();
    let mut failed = false;
    for (path, message) in &missing {
        failed = true;
        reporter.file_error(&path.display().to_string(), message);
    }

    // Load every file, so cross-file queries see the whole workspace.
    let mut host = AnalysisHost::default();
    // (name shown, the file if it could be read, the path to write fixes to)
    let mut files: Vec<(String, Option<SourceFile>, Option<PathBuf>)> = Vec::new();
    for input in &inputs {
        let name = input.display_name();
        match input.read() {
            Ok(text) => {
                let path = match input {
                    Input::File(p) => p.clone(),
                    Input::Stdin => PathBuf::from("<stdin>"),
                };
                let file = host.set_file_text(&path, text);
                let writable = matches!(input, Input::File(_)).then(|| path.clone());
                files.push((name, Some(file), writable));
            }
            Err(message) => {
                failed = true;
                reporter.file_error(&name, &message);
                files.push((name, None, None));
            }
        }
    }

    let diagnostics = compute_all(&mut host, &files, &config);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for ((name, file, writable), mut diags) in files.iter().zip(diagnostics) {
        let Some(file) = *file else { continue };
        let mut text = host.text(file).to_string();
        if args.fix
            && let Some(path) = writable
            && let Some(fixed) = analysis::fix_all(&mut host, file, &config)
        {
            if let Err(e) =
                super::replace_file::replace_file(path, text.as_bytes(), fixed.as_bytes())
            {
                reporter.file_error(name, &format!("cannot write the fixes: {e}"));
                failed = true;
            }
            text = fixed;
            diags = host
                .analysis()
                .diagnostics(file, &config)
                .unwrap_or_default();
        }
        failed |= diags.iter().any(|d| d.severity == Severity::Error);
        if args.json {
            for d in &diags {
                let _ = writeln!(out, "{}", json_line(name, &text, d));
            }
        } else {
            reporter.analysis_diagnostics(name, &text, &diags);
        }
    }
    // The process ends here: freeing every tree, HIR and diagnostic one by one would cost
    // about 6% of a run over home-manager for nothing.
    std::mem::forget(host);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Diagnostics of every file, on as many threads as there are cores.
fn compute_all(
    host: &mut AnalysisHost,
    files: &[(String, Option<SourceFile>, Option<PathBuf>)],
    config: &DiagnosticsConfig,
) -> Vec<Vec<Diagnostic>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let progress = files.len() > 200 && std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let snapshots: Vec<_> = files.chunks(chunk).map(|_| host.analysis()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .zip(snapshots)
            .map(|(part, analysis)| {
                let done = &done;
                std::thread::Builder::new()
                    .stack_size(crate::BIG_STACK)
                    .spawn_scoped(scope, move || {
                        part.iter()
                            .map(|(_, file, _)| {
                                let diags = file
                                    .map(|f| analysis.diagnostics(f, config).unwrap_or_default())
                                    .unwrap_or_default();
                                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                if progress && n.is_multiple_of(100) {
                                    eprint!("\rchecked {n}/{}", files.len());
                                }
                                diags
                            })
                            .collect::<Vec<_>>()
                    })
                    .expect("a checking thread")
            })
            .collect();
        let all = handles
            .into_iter()
            .flat_map(|h| h.join().expect("a checking thread panicked"))
            .collect();
        if progress {
            eprint!("\r\x1b[K");
        }
        all
    })
}

fn json_line(path: &str, text: &str, d: &Diagnostic) -> serde_json::Value {
    let start = usize::from(d.range.start());
    let before = &text[..start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    serde_json::json!({
        "path": path,
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "start": u32::from(d.range.start()),
        "end": u32::from(d.range.end()),
        "line": line,
        "column": column,
        "fix": d.fix.as_ref().filter(|f| f.automatic).map(|f| f.title.clone()),
        "suggestion": d.fix.as_ref().filter(|f| !f.automatic).map(|f| f.title.clone()),
    })
}
