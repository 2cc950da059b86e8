use crate::TextRange;
use std::fmt;

/// What kind of problem a [`SyntaxError`] is, so that tools can classify errors without
/// reading messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// The grammar rejects the text (lexer and parser errors).
    Syntax,
    DuplicateAttribute,
    DuplicateFormal,
    /// `${…}` where Nix wants a static name (`let`, `inherit`).
    DynamicAttribute,
    UndefinedVariable,
    /// An integer or float out of range.
    InvalidLiteral,
    NulByte,
}

/// A problem found in the source, located by byte range.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub message: String,
    pub range: TextRange,
    /// A second place the error refers to, such as the first definition of a duplicate.
    pub related: Option<(String, TextRange)>,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, range: TextRange) -> Self {
        SyntaxError {
            kind: SyntaxErrorKind::Syntax,
            message: message.into(),
            range,
            related: None,
        }
    }

    pub fn with_kind(mut self, kind: SyntaxErrorKind) -> Self {
        self.kind = kind;
        self
    }

    pub fn with_related(mut self, label: impl Into<String>, range: TextRange) -> Self {
        self.related = Some((label.into(), range));
        self
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {:?}", self.message, self.range)
    }
}
