//! Printing errors on a terminal with codespan-reporting: `path:line:col` and a labelled
//! snippet of the source.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{
    self,
    termcolor::{ColorChoice, StandardStream},
};
use std::io::IsTerminal;
use syntax::SyntaxError;

/// Where diagnostics go: standard error, coloured when it is a terminal.
pub struct Reporter {
    stream: StandardStream,
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
            stream: StandardStream::stderr(color),
            config: term::Config::default(),
        }
    }

    /// Prints the errors of one file, with snippets of `source`.
    pub fn syntax_errors(&mut self, name: &str, source: &str, errors: &[SyntaxError]) {
        let file = SimpleFile::new(name, source);
        for error in errors {
            let mut labels = vec![Label::primary((), error.range)];
            if let Some((label, range)) = &error.related {
                labels.push(Label::secondary((), *range).with_message(label));
            }
            let diagnostic = Diagnostic::error()
                .with_message(&error.message)
                .with_labels(labels);
            let mut writer = self.stream.lock();
            // A closed stderr is no reason to stop checking the other files.
            let _ = term::emit_to_write_style(&mut writer, &self.config, &file, &diagnostic);
        }
    }

    /// An error that concerns a whole file (unreadable, not UTF-8).
    pub fn file_error(&mut self, name: &str, message: &str) {
        use std::io::Write;
        let mut writer = self.stream.lock();
        let _ = writeln!(writer, "error: {name}: {message}");
    }
}
