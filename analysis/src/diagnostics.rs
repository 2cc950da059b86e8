//! Diagnostics: each with a stable code, a severity, a message, a byte range and, where one
//! exists, a fix. Each check lives in its own file under `diagnostics/`.
//!
//! Suppression: a comment `# firn: allow(code, …)` on the line of the diagnostic or alone on
//! the line before it silences those codes there.

mod codes;
mod config;
mod lints;
mod syntax_errors;
mod undefined;
mod unused;

pub use codes::{DiagnosticCode, Severity};
pub use config::DiagnosticsConfig;

use crate::db::{Db, SourceFile};
use syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    /// A second place the diagnostic refers to, with a label.
    pub related: Option<(String, TextRange)>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: DiagnosticCode, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            range,
            related: None,
            fix: None,
        }
    }

    /// A fix that keeps the program's meaning: `check --fix` and `source.fixAll` apply it.
    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            automatic: true,
        });
        self
    }

    /// A guess (a typo's likely target): offered to the user, never applied unasked.
    pub fn with_suggestion(mut self, title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            automatic: false,
        });
        self
    }
}

/// A change that resolves a diagnostic. Edits never overlap.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Safe to apply without asking (`check --fix`, fix-on-save); else a suggestion.
    pub automatic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        TextEdit {
            range,
            new_text: new_text.into(),
        }
    }
    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, "")
    }
}

/// Applies non-overlapping edits to `text`; later edits that overlap earlier ones are skipped.
/// Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> (String, usize) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start(), e.range.end()));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    let mut applied = 0;
    for edit in sorted {
        let start = usize::from(edit.range.start());
        let end = usize::from(edit.range.end());
        if start < pos {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.new_text);
        pos = end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

pub(crate) fn compute(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The checks on the syntax tree first: the server lowers the file and resolves its
    // names on another thread meanwhile (`Analysis::resolve_names`).
    syntax_errors::check(db, file, &mut out);
    lints::check(db, file, &mut out);
    undefined::check(db, file, &mut out);
    unused::check(db, file, &mut out);
    out.sort_by_key(|d| (d.range.start(), d.range.end()));
    out
}
