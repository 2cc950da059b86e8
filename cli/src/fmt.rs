//! `firn fmt [--check] [-w N] [--indent N] [--strict] [--verify] PATH...`: RFC 166 formatting
//! in place (files and directories, in parallel), or `-` from standard input to standard
//! output. A file with syntax errors is reported and left untouched.

use super::diagnostics::Reporter;
use super::inputs::{self, Input};
use formatter::{FormatError, Options};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Change nothing: list the files that would change, and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Maximum line width in characters (leading indentation not counted).
    #[arg(short = 'w', long, default_value_t = 100)]
    width: usize,
    /// Spaces per indentation level.
    #[arg(long, default_value_t = 2)]
    indent: usize,
    /// Ignore where the input breaks lines (nixfmt's --strict).
    #[arg(long)]
    strict: bool,
    /// Check that the output parses to the same tree, keeps every comment and is stable.
    #[arg(long)]
    verify: bool,
    /// Files, directories (searched for *.nix) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// What happened to one input.
enum Outcome {
    Unchanged,
    /// Reformatted (written, or listed with --check); for stdin, the text to print.
    Changed(String),
    Failed {
        text: Option<String>,
        error: Failure,
    },
}

enum Failure {
    Io(String),
    Format(FormatError),
}

/// Inputs from this many on get a progress line (on a terminal).
const PROGRESS_FROM: usize = 100;

pub fn run(args: FmtArgs) -> ExitCode {
    let options = Options {
        width: args.width,
        indent: args.indent,
        strict: args.strict,
    };
    let (inputs, missing) = inputs::expand(&args.paths);
    let mut reporter = Reporter::stderr();
    let mut failed = !missing.is_empty();
    for (path, message) in &missing {
        reporter.file_error(&path.display().to_string(), message);
    }

    let outcomes = format_all(&inputs, &args, &options);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        let name = input.display_name();
        match outcome {
            Outcome::Unchanged => {}
            Outcome::Changed(_) if args.check => {
                failed = true;
                let _ = writeln!(out, "{name}");
            }
            Outcome::Changed(text) => {
                if matches!(input, Input::Stdin) {
                    let _ = write!(out, "{text}");
                }
            }
            Outcome::Failed { text, error } => {
                failed = true;
                match error {
                    Failure::Format(FormatError::Syntax(errors)) => {
                        reporter.syntax_errors(&name, text.as_deref().unwrap_or(""), &errors)
                    }
                    Failure::Format(e) => reporter.file_error(&name, &e.to_string()),
                    Failure::Io(message) => reporter.file_error(&name, &message),
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Formats every input on all cores; outcomes in input order.
fn format_all(inputs: &[Input], args: &FmtArgs, options: &Options) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .max(1);
    let show_progress = inputs.len() >= PROGRESS_FROM && std::io::stderr().is_terminal();
    let mut slots: Vec<Option<Outcome>> = (0..inputs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::BIG_STACK)
                    .spawn_scoped(scope, || {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(input) = inputs.get(i) else { break };
                            mine.push((i, format_one(input, args, options)));
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        mine
                    })
                    .expect("a formatting thread")
            })
            .collect();
        if show_progress {
            progress(&done, inputs.len());
        }
        for handle in handles {
            for (i, outcome) in handle.join().expect("a formatting worker panicked") {
                slots[i] = Some(outcome);
            }
        }
    });
    slots
        .into_iter()
        .map(|o| o.expect("every input is formatted"))
        .collect()
}

/// Draws `done/total` on standard error until every input is done.
fn progress(done: &AtomicUsize, total: usize) {
    let mut err = std::io::stderr();
    loop {
        let n = done.load(Ordering::Relaxed);
        let filled = n * 30 / total;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(30 - filled));
        let _ = write!(err, "\rformatting [{bar}] {n}/{total}");
        let _ = err.flush();
        if n == total {
            let _ = writeln!(err);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn format_one(input: &Input, args: &FmtArgs, options: &Options) -> Outcome {
    let text = match input.read() {
        Ok(text) => text,
        Err(message) => {
            return Outcome::Failed {
                text: None,
                error: Failure::Io(message),
            };
        }
    };
    let result = if args.verify {
        formatter::format_verified(&text, options)
    } else {
        formatter::format(&text, options)
    };
    let formatted = match result {
        Ok(formatted) => formatted,
        Err(e) => {
            return Outcome::Failed {
                text: Some(text),
                error: Failure::Format(e),
            };
        }
    };
    // Standard input is always echoed (unless checking), changed or not.
    if formatted == text && (args.check || !matches!(input, Input::Stdin)) {
        return Outcome::Unchanged;
    }
    if let (Input::File(path), false) = (input, args.check)
        && let Err(e) =
            super::replace_file::replace_file(path, text.as_bytes(), formatted.as_bytes())
    {
        return Outcome::Failed {
            text: Some(text),
            error: Failure::Io(e),
        };
    }
    Outcome::Changed(formatted)
}
