use crate::TextRange;
use std::fmt;

/// A problem found in the source, located by byte range.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
    /// A second place the error refers to, such as the first definition of a duplicate.
    pub related: Option<(String, TextRange)>,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, range: TextRange) -> Self {
        SyntaxError {
            message: message.into(),
            range,
            related: None,
        }
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
