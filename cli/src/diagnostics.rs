//! Printing errors on a terminal with codespan-reporting: `path:line:col` and a labelled
//! snippet of the source (a window of long lines, so output stays proportional to the
//! number of errors).

use super::line_window::{ColumnCache, Windowed};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{
    self,
    termcolor::{BufferedStandardStream, ColorChoice},
};
use std::io::IsTerminal;
use syntax::{SyntaxError, TextRange};

/// Where diagnostics go: standard error, coloured when it is a terminal.
pub struct Reporter {
    /// Buffered (codespan writes a character at a time), flushed after each file.
    stream: BufferedStandardStream,
    config: term::Config,
}

impl Reporter {
    pub fn stderr() -> Self {
        let color = if std::io::stderr().is_terminal() {
            ColorChoice::Auto
        } else {
            ColorChoice::Never
        };
        Reporter {
            stream: BufferedStandardStream::stderr(color),
            config: term::Config::default(),
        }
    }

    /// Prints the errors of one file, with snippets of `source`.
    pub fn syntax_errors(&mut self, name: &str, source: &str, errors: &[SyntaxError]) {
        let file = SimpleFile::new(name, source);
        let columns = ColumnCache::default();
        for error in errors {
            self.emit(&file, &columns, error.range, &error.related, |labels| {
                Diagnostic::error()
                    .with_message(&error.message)
                    .with_labels(labels)
            });
        }
        let _ = std::io::Write::flush(&mut self.stream);
    }

    /// Prints analyzer diagnostics of one file: `warning[code]: message` with a snippet.
    pub fn analysis_diagnostics(
        &mut self,
        name: &str,
        source: &str,
        diagnostics: &[analysis::Diagnostic],
    ) {
        let file = SimpleFile::new(name, source);
        let columns = ColumnCache::default();
        for d in diagnostics {
            self.emit(&file, &columns, d.range, &d.related, |labels| {
                let base = match d.severity {
                    analysis::Severity::Error => Diagnostic::error(),
                    analysis::Severity::Warning => Diagnostic::warning(),
                    analysis::Severity::Hint => Diagnostic::help(),
                };
                let diagnostic = base
                    .with_code(d.code.as_str())
                    .with_message(&d.message)
                    .with_labels(labels);
                match &d.fix {
                    Some(fix) if fix.automatic => {
                        diagnostic.with_notes(vec![format!("fix: {}", fix.title)])
                    }
                    Some(fix) => diagnostic.with_notes(vec![format!("help: {}?", fix.title)]),
                    None => diagnostic,
                }
            });
        }
        let _ = std::io::Write::flush(&mut self.stream);
    }

    /// Prints the diagnostic `make` builds from its labels: the primary `range` and the
    /// `related` one, each moved inside the window shown of its line.
    fn emit(
        &mut self,
        file: &SimpleFile<&str, &str>,
        columns: &ColumnCache,
        range: TextRange,
        related: &Option<(String, TextRange)>,
        make: impl FnOnce(Vec<Label<()>>) -> Diagnostic<()>,
    ) {
        let file = Windowed {
            inner: file,
            focus: range.start().into(),
            columns,
        };
        let mut labels = vec![Label::primary((), file.clamp((), range.into()))];
        if let Some((label, range)) = related {
            labels.push(Label::secondary((), file.clamp((), (*range).into())).with_message(label));
        }
        // A closed stderr is no reason to stop checking the other files.
        let _ = term::emit_to_write_style(&mut self.stream, &self.config, &file, &make(labels));
    }

    /// An error that concerns a whole file (unreadable, not UTF-8).
    pub fn file_error(&mut self, name: &str, message: &str) {
        use std::io::Write;
        let _ = writeln!(self.stream, "error: {name}: {message}");
        let _ = self.stream.flush();
    }
}
