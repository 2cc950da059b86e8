//! `firn eval`: evaluates an expression or file and prints the value as
//! `nix-instantiate --eval` does (same flags, same output).

use clap::Args;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{BufferedStandardStream, ColorChoice},
};
use eval::lints::{LintLevel, LiteralLints};
use eval::source::Origin;
use eval::value::{Attr, Attrs};
use eval::{ErrorKind, EvalError, EvalOptions, Machine, Pos, SearchPathEntry, Value};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    input: EvalInput,
    /// Force the whole result, not just its outermost constructor.
    #[arg(long)]
    strict: bool,
    /// Print the result as JSON.
    #[arg(long, conflicts_with = "xml")]
    json: bool,
    /// Print the result as XML.
    #[arg(long)]
    xml: bool,
    /// Leave source positions out of XML output.
    #[arg(long)]
    no_location: bool,
    /// Print the parsed expression as `nix-instantiate --parse` does, without evaluating it.
    #[arg(long)]
    parse: bool,
    /// Accepted for compatibility with nix-instantiate: evaluation is what this does.
    #[arg(long, hide = true)]
    eval: bool,
    #[arg(long, hide = true)]
    read_write_mode: bool,
}

/// Whether the value an evaluating command ends on is called when it is a function with
/// formals. `nix-instantiate --eval` calls it only when `--arg`/`--argstr` are given
/// (`{ a ? 1 }: a` prints `<LAMBDA>`); instantiating derivations always calls it (CppNix's
/// `getDerivations`).
#[derive(Clone, Copy)]
pub enum FinalCall {
    Always,
    WhenArgsGiven,
}

/// What to evaluate and how: the flags `firn eval` shares with the commands that evaluate
/// a file to get at something in it (`firn derivation show`).
#[derive(Args, Debug)]
pub struct EvalInput {
    /// Evaluate this expression instead of a file.
    #[arg(short = 'E', long = "expr")]
    expr: Option<String>,
    /// The file to evaluate (`-` for standard input; default `./default.nix`).
    file: Option<String>,
    /// Show the chain of evaluations that led to an error.
    #[arg(long)]
    show_trace: bool,
    #[arg(long, hide = true)]
    no_show_trace: bool,
    /// Add a search-path entry (`PATH` or `PREFIX=PATH`), before those of `NIX_PATH`.
    #[arg(short = 'I', value_name = "PATH")]
    include: Vec<String>,
    /// Pass NAME = EXPR to a top-level function.
    #[arg(long, num_args = 2, value_names = ["NAME", "EXPR"])]
    arg: Vec<String>,
    /// Pass NAME = "STR" to a top-level function.
    #[arg(long, num_args = 2, value_names = ["NAME", "STR"])]
    argstr: Vec<String>,
    /// Select an attribute of the result.
    #[arg(short = 'A', long = "attr")]
    attr: Option<String>,
    /// Enable experimental features (`pipe-operators`, `parse-toml-timestamps`).
    #[arg(long, value_name = "FEATURES")]
    extra_experimental_features: Vec<String>,
    /// Nix's max-call-depth: function calls nested deeper than this are an error.
    #[arg(long, default_value_t = 10_000)]
    max_call_depth: usize,
    /// Stop with an error when the process holds more memory than this (`4G`, `512M`,
    /// `none`); default: three quarters of the machine's memory.
    #[arg(long, value_name = "SIZE", value_parser = super::memory_limit::parse_size)]
    max_memory: Option<super::memory_limit::MemoryLimit>,
    #[arg(long, hide = true)]
    impure: bool,
    /// Relative path literals without `./`: `ignore`, `warn` or `fatal`.
    #[arg(long, value_name = "LEVEL", default_value = "ignore")]
    lint_short_path_literals: LintLevel,
    /// Absolute and home path literals: `ignore`, `warn` or `fatal`.
    #[arg(long, value_name = "LEVEL", default_value = "ignore")]
    lint_absolute_path_literals: LintLevel,
    /// Unquoted URL literals: `ignore`, `warn` or `fatal`.
    #[arg(long, value_name = "LEVEL", default_value = "ignore")]
    lint_url_literals: LintLevel,
}

pub fn run(args: EvalArgs) -> ExitCode {
    let mut machine = args.input.machine();
    if args.parse {
        let shown = args.input.source().and_then(|(origin, text, base_dir)| {
            eval::show_parsed::parse_and_show(&mut machine, origin, &text, &base_dir)
        });
        return finish(&machine, shown.map(String::into_bytes));
    }
    let result = args
        .input
        .evaluate(&mut machine, FinalCall::WhenArgsGiven)
        .and_then(|v| {
            if args.strict || args.json || args.xml {
                machine.force_deep(&v)
            } else {
                Ok(v)
            }
        });
    let out = match &result {
        Ok(v) => render(&mut machine, &args, v),
        Err(e) => Err(e.clone()),
    };
    let code = print_outcome(&machine, out);
    exit_leaving_values(code, result, machine)
}

/// Prints the text on stdout, or the error on stderr; the exit code.
fn print_outcome(machine: &Machine, out: Result<Vec<u8>, Box<EvalError>>) -> i32 {
    match out {
        Ok(text) => {
            // Bytes: a string need not be UTF-8.
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(&text);
            let _ = stdout.write_all(b"\n");
            let _ = stdout.flush();
            0
        }
        Err(e) if e.kind == ErrorKind::Interrupted => {
            // As Nix: the message, and the exit status of a process ended by SIGINT.
            eprintln!("error: interrupted by the user");
            130
        }
        Err(e) => {
            report(machine, &e);
            1
        }
    }
}

fn finish(machine: &Machine, out: Result<Vec<u8>, Box<EvalError>>) -> ExitCode {
    ExitCode::from(print_outcome(machine, out) as u8)
}

/// Ends the process without dropping the values: they can nest deeper than the native
/// stack can drop recursively, and the operating system frees them anyway.
pub fn exit_leaving_values<T>(code: i32, result: T, machine: Machine) -> ! {
    std::mem::forget(result);
    std::mem::forget(machine);
    std::process::exit(code)
}

impl EvalInput {
    /// An evaluator set up as nix-instantiate would be: search path from `-I` and `NIX_PATH`,
    /// store directory from `NIX_STORE_DIR`.
    pub fn machine(&self) -> Machine {
        let mut options = EvalOptions::default();
        for entry in &self.include {
            options.search_path.push(SearchPathEntry::parse(entry));
        }
        if let Ok(nix_path) = std::env::var("NIX_PATH") {
            for entry in nix_path.split(':').filter(|e| !e.is_empty()) {
                options.search_path.push(SearchPathEntry::parse(entry));
            }
        }
        options.show_trace = self.show_trace && !self.no_show_trace;
        options.lints = LiteralLints {
            short_path: self.lint_short_path_literals,
            absolute_path: self.lint_absolute_path_literals,
            url: self.lint_url_literals,
        };
        options.max_call_depth = self.max_call_depth;
        options.limits.max_memory = self
            .max_memory
            .unwrap_or_else(super::memory_limit::MemoryLimit::default_for_machine)
            .0;
        let features: Vec<&str> = self
            .extra_experimental_features
            .iter()
            .flat_map(|f| f.split_whitespace())
            .collect();
        options.pipe_operators = features.contains(&"pipe-operators");
        options.toml_timestamps = features.contains(&"parse-toml-timestamps");
        if let Ok(dir) = std::env::var("NIX_STORE_DIR") {
            options.store_dir = dir;
        }
        options.interrupt = Some(super::interrupt::on_ctrl_c());
        Machine::new(options, Rc::new(eval::DiskFileSystem))
    }

    /// The expression or file with the `--attr` path selected, forced to its outermost
    /// constructor. As CppNix's `findAlongAttrPath`, each value the path selects from is
    /// called first when it is a function with formals (with the `--arg`s it names, or its
    /// defaults); the value selected last is called as `call` says.
    pub fn evaluate(&self, m: &mut Machine, call: FinalCall) -> Result<Value, Box<EvalError>> {
        let (origin, text, base_dir) = self.source()?;
        let mut value = m.eval_source(origin, &text, &base_dir)?;
        let auto_args = self.auto_args(m)?;
        if let Some(path) = &self.attr {
            for part in path.split('.').filter(|p| !p.is_empty()) {
                value = m.auto_call(value, &auto_args)?;
                value = m.select_path_component(&value, part)?;
            }
        }
        let called = match call {
            FinalCall::Always => true,
            FinalCall::WhenArgsGiven => !auto_args.is_empty(),
        };
        if called {
            value = m.auto_call(value, &auto_args)?;
        }
        m.force(&value)
    }

    pub fn source(&self) -> Result<(Origin, String, PathBuf), Box<EvalError>> {
        read_source(self.expr.as_deref(), self.file.as_deref())
    }

    fn auto_args(&self, m: &mut Machine) -> Result<Attrs, Box<EvalError>> {
        auto_args(m, &self.arg, &self.argstr)
    }
}

/// What an evaluating command reads: the expression, standard input (`-`), or a file (a
/// directory means its `default.nix`; default `./default.nix`), with its origin and the
/// directory its relative paths start from.
pub fn read_source(
    expr: Option<&str>,
    file: Option<&str>,
) -> Result<(Origin, String, PathBuf), Box<EvalError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let fail = |message: String| EvalError::new(ErrorKind::Eval, message, Pos::NONE);
    match (expr, file) {
        (Some(e), _) => Ok((Origin::Text("«string»"), e.to_string(), cwd)),
        (None, Some("-")) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| fail(format!("reading standard input: {e}")))?;
            Ok((Origin::Text("«stdin»"), s, cwd))
        }
        (None, file) => {
            let path = cwd.join(file.unwrap_or("default.nix"));
            let path = PathBuf::from(eval::paths::canonicalize(&path.to_string_lossy()));
            let path = if path.is_dir() {
                path.join("default.nix")
            } else {
                path
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| fail(format!("reading '{}': {e}", path.display())))?;
            let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            Ok((Origin::File(path), text, dir))
        }
    }
}

/// The arguments `--arg NAME EXPR` and `--argstr NAME STR` give a top-level function
/// (flattened pairs, as clap collects them).
pub fn auto_args(
    m: &mut Machine,
    arg: &[String],
    argstr: &[String],
) -> Result<Attrs, Box<EvalError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut entries = Vec::new();
    for pair in arg.chunks(2) {
        let value = m.eval_lazy_source(Origin::Text("«string»"), &pair[1], &cwd)?;
        entries.push(Attr {
            name: eval::symbol::Symbol::new(&pair[0]),
            value,
            pos: Pos::NONE,
        });
    }
    for pair in argstr.chunks(2) {
        entries.push(Attr {
            name: eval::symbol::Symbol::new(&pair[0]),
            value: Value::string(pair[1].as_str()),
            pos: Pos::NONE,
        });
    }
    Ok(Attrs::from_unsorted(entries))
}

fn render(m: &mut Machine, args: &EvalArgs, v: &Value) -> Result<Vec<u8>, Box<EvalError>> {
    if args.json {
        let mut out = Vec::new();
        let mut ctx = Default::default();
        eval::builtins::json::write_json(m, v, Pos::NONE, &mut out, &mut ctx)?;
        return Ok(out);
    }
    if args.xml {
        let mut ctx = Default::default();
        let mut text = eval::builtins::xml::render(m, v, !args.no_location, Pos::NONE, &mut ctx)?;
        // println! adds the final newline back.
        text.pop();
        return Ok(text);
    }
    Ok(eval::print::print_value_bytes(v))
}

/// Prints an evaluation error with codespan-reporting: the message, a snippet at its
/// position, and (with `--show-trace`) the trace as notes.
pub fn report(m: &Machine, e: &EvalError) {
    let mut files = SimpleFiles::new();
    let sources = m.sources.all();
    for s in &sources {
        files.add(s.display_name(), s.text.clone());
    }
    let mut notes: Vec<String> = Vec::new();
    let mut repeats = 0;
    for (i, f) in e.trace.iter().enumerate() {
        // Deep recursion repeats one frame many times: show it once, as Nix does.
        let next_same = e
            .trace
            .get(i + 1)
            .is_some_and(|n| n.pos == f.pos && n.message == f.message);
        if next_same {
            repeats += 1;
            continue;
        }
        notes.push(match m.sources.describe(f.pos) {
            Some((file, line, col)) => format!("… {}\n  at {file}:{line}:{col}", f.message),
            None => format!("… {}", f.message),
        });
        if repeats > 0 {
            notes.push(format!("({repeats} duplicate frames omitted)"));
            repeats = 0;
        }
    }
    if e.pos.is_none() || (e.pos.file as usize) >= sources.len() {
        let mut msg = format!("error: {}", e.message);
        for n in &notes {
            msg.push('\n');
            msg.push_str(n);
        }
        eprintln!("{msg}");
        return;
    }
    emit(
        &files,
        e.pos.file as usize,
        e.pos.offset as usize,
        &e.message,
        &notes,
    );
}

fn emit(
    files: &SimpleFiles<String, impl AsRef<str> + Clone>,
    file: usize,
    offset: usize,
    message: &str,
    notes: &[String],
) {
    let len = files.get(file).map_or(0, |f| f.source().as_ref().len());
    let start = offset.min(len);
    let end = (start + 1).min(len);
    let columns = super::line_window::ColumnCache::default();
    let files = super::line_window::Windowed {
        inner: files,
        focus: start,
        columns: &columns,
    };
    let diagnostic = Diagnostic::error()
        .with_message(message)
        .with_labels(vec![Label::primary(file, files.clamp(file, start..end))])
        .with_notes(notes.to_vec());
    let color = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stream = BufferedStandardStream::stderr(color);
    let _ = term::emit_to_write_style(&mut stream, &term::Config::default(), &files, &diagnostic);
    let _ = std::io::Write::flush(&mut stream);
}
