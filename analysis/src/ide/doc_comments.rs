//! RFC 145 doc comments: a `/** … */` just before a binding documents it.

use syntax::{SyntaxKind, SyntaxNode};

/// The text of the doc comment right before `binding` (only whitespace between), with the
/// delimiters removed and the common indentation stripped.
pub(crate) fn doc_comment(binding: &SyntaxNode) -> Option<String> {
    let first = binding
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| !t.kind().is_trivia())?;
    let mut token = first.prev_token()?;
    while token.kind() == SyntaxKind::WHITESPACE {
        token = token.prev_token()?;
    }
    if token.kind() != SyntaxKind::DOC_COMMENT {
        return None;
    }
    let inner = token.text().strip_prefix("/**")?.strip_suffix("*/")?;
    Some(dedent(inner))
}

/// Strips the indentation all non-blank lines share (the first line, which follows `/**`,
/// is taken as it is) and the blank lines around the text.
fn dedent(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    for line in lines.iter_mut().skip(1) {
        *line = line.get(indent..).unwrap_or("");
    }
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start();
    }
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::dedent;

    #[test]
    fn common_indentation_is_stripped() {
        assert_eq!(
            dedent("\n    Adds one.\n\n    # Example\n      inc 1\n  "),
            "Adds one.\n\n# Example\n  inc 1"
        );
        assert_eq!(dedent(" One line. "), "One line.");
    }
}
