//! `firn parse [--json] [--tree] PATH...`

use super::diagnostics::Reporter;
use super::inputs::{self, Input};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ParseArgs {
    /// One JSON object per file and line: {"path", "errors": [{"message", "start", "end"}]}.
    #[arg(long)]
    json: bool,
    /// Print the concrete syntax tree.
    #[arg(long)]
    tree: bool,
    /// Files, directories (searched for *.nix) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: ParseArgs) -> ExitCode {
    let (inputs, missing) = inputs::expand(&args.paths);
    let mut reporter = Reporter::stderr();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;

    for (path, message) in &missing {
        failed = true;
        report_file_error(
            &args,
            &mut out,
            &mut reporter,
            &path.display().to_string(),
            message,
        );
    }
    for input in &inputs {
        let name = input.display_name();
        let text = match input.read() {
            Ok(text) => text,
            Err(message) => {
                failed = true;
                report_file_error(&args, &mut out, &mut reporter, &name, &message);
                continue;
            }
        };
        let parse = syntax::parse(&text);
        let errors = parse.all_errors();
        failed |= !errors.is_empty();
        if args.tree {
            let _ = write!(out, "{}", parse.debug_tree());
        }
        if args.json {
            let errors: Vec<_> = errors
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "message": e.message,
                        "start": u32::from(e.range.start()),
                        "end": u32::from(e.range.end()),
                    })
                })
                .collect();
            let line = serde_json::json!({ "path": path_for_json(input), "errors": errors });
            let _ = writeln!(out, "{line}");
        } else {
            reporter.syntax_errors(&name, &text, &errors);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn path_for_json(input: &Input) -> String {
    match input {
        Input::File(path) => path.display().to_string(),
        Input::Stdin => "-".to_string(),
    }
}

fn report_file_error(
    args: &ParseArgs,
    out: &mut impl Write,
    reporter: &mut Reporter,
    name: &str,
    message: &str,
) {
    if args.json {
        let line = serde_json::json!({
            "path": name,
            "errors": [{ "message": message, "start": 0, "end": 0 }],
        });
        let _ = writeln!(out, "{line}");
    } else {
        reporter.file_error(name, message);
    }
}
