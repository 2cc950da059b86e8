//! Formatting of a whole file or of a range, through the `formatter` crate (nixfmt's style).
//!
//! A file with syntax errors is refused, never half-formatted. A whole-file result is one
//! edit spanning only what changed, so editors keep the cursor and folds elsewhere.

use crate::TextEdit;
use crate::db::{Db, SourceFile};
use formatter::{FormatError, Options};
use syntax::{TextRange, TextSize};

/// Why nothing was formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatRefusal {
    /// The text does not parse; it is left as is.
    SyntaxError(String),
    /// The formatter failed on valid input (a formatter bug, reported).
    Failed(String),
}

impl From<FormatError> for FormatRefusal {
    fn from(e: FormatError) -> Self {
        match e {
            FormatError::Syntax(_) => FormatRefusal::SyntaxError(e.to_string()),
            FormatError::Unsupported(_) | FormatError::Verify(_) => {
                FormatRefusal::Failed(e.to_string())
            }
        }
    }
}

pub fn format_file(
    db: &dyn Db,
    file: SourceFile,
    options: &Options,
) -> Result<Vec<TextEdit>, FormatRefusal> {
    format_text(file.text(db), options)
}

/// [`format_file`] on a text outside the database (the server formats without holding a
/// snapshot, so that edits need not wait).
pub fn format_text(text: &str, options: &Options) -> Result<Vec<TextEdit>, FormatRefusal> {
    let formatted = formatter::format(text, options)?;
    Ok(changed_span(text, &formatted).into_iter().collect())
}

pub fn format_range(
    db: &dyn Db,
    file: SourceFile,
    range: TextRange,
    options: &Options,
) -> Result<Vec<TextEdit>, FormatRefusal> {
    format_text_range(file.text(db), range, options)
}

/// [`format_range`] on a text outside the database.
pub fn format_text_range(
    text: &str,
    range: TextRange,
    options: &Options,
) -> Result<Vec<TextEdit>, FormatRefusal> {
    let edits = formatter::format_range(text, range, options)?;
    Ok(edits
        .into_iter()
        .map(|e| TextEdit::replace(e.range, e.text))
        .collect())
}

/// The single edit turning `before` into `after`: the common prefix and suffix are kept,
/// cut at character boundaries. `None` when they are equal.
pub fn changed_span(before: &str, after: &str) -> Option<TextEdit> {
    if before == after {
        return None;
    }
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    let start = TextSize::from(prefix as u32);
    let end = TextSize::from((before.len() - suffix) as u32);
    Some(TextEdit::replace(
        TextRange::new(start, end),
        &after[prefix..after.len() - suffix],
    ))
}

#[cfg(test)]
mod tests {
    use super::changed_span;
    use crate::diagnostics::apply_edits;

    #[test]
    fn the_edit_spans_only_the_change_and_respects_characters() {
        for (before, after) in [
            ("a  =  1;", "a = 1;"),
            ("{ é = 1; }", "{ è = 1; }"),
            ("x", "x\n"),
            ("xx", "x"),
            ("😀😀", "😀"),
        ] {
            let edit = changed_span(before, after).unwrap();
            assert_eq!(apply_edits(before, &[edit]).0, after);
        }
        assert_eq!(changed_span("same", "same"), None);
        let edit = changed_span("{ é = 1; }", "{ è = 1; }").unwrap();
        assert_eq!(
            (u32::from(edit.range.start()), edit.new_text.as_str()),
            (2, "è")
        );
    }
}
