//! Trivia between two tokens, read as nixfmt's lexer reads it (`Nixfmt.Lexer`): newlines,
//! line comments with their column, block comments re-indented, language annotations
//! and format directives.

use crate::source::SourceMap;
use syntax::{SyntaxKind, TextRange};

#[derive(Debug)]
pub enum Raw {
    Newlines(usize),
    /// Text after `#`, and the comment's column.
    LineComment(String, usize),
    /// Doc comment?, lines.
    BlockComment(bool, Vec<String>),
    LanguageAnnotation(String),
    /// Disable?, byte range of the directive and the rest of its line.
    Directive(bool, usize, usize),
}

impl Raw {
    /// Trivia that may stay on the line of the token before it.
    pub fn is_trailing(&self) -> bool {
        match self {
            Raw::LineComment(..) | Raw::Directive(..) => true,
            Raw::BlockComment(false, lines) => lines.len() <= 1,
            _ => false,
        }
    }
}

fn is_hspace(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Reads the trivia tokens `tokens` (kinds and ranges, in order).
pub fn read(src: &SourceMap<'_>, tokens: &[(SyntaxKind, TextRange)]) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    for &(kind, range) in tokens {
        let (start, end) = (usize::from(range.start()), usize::from(range.end()));
        let text = &src.text[start..end];
        match kind {
            SyntaxKind::WHITESPACE => {
                let n = text.matches('\n').count();
                if n > 0 {
                    match out.last_mut() {
                        Some(Raw::Newlines(m)) => *m += n,
                        _ => out.push(Raw::Newlines(n)),
                    }
                }
            }
            _ if text.starts_with('#') => {
                out.push(Raw::LineComment(
                    text[1..].trim_end().to_string(),
                    src.column(start),
                ));
            }
            _ => out.push(block(src, start, end)),
        }
    }
    out
}

fn block(src: &SourceMap<'_>, start: usize, end: usize) -> Raw {
    let text = &src.text[start..end];
    let rest_of_line = src.text[end..].split(['\n', '\r']).next().unwrap_or("");
    for (directive, disable) in [("/*nixfmt:disable*/", true), ("/*nixfmt:enable*/", false)] {
        if text == directive && rest_of_line.chars().all(is_hspace) {
            return Raw::Directive(disable, start, end + rest_of_line.len());
        }
    }
    let is_doc = text.starts_with("/**") && text != "/**/";
    let body_start = if is_doc { 3 } else { 2 };
    let body = text
        .get(body_start..text.len().saturating_sub(2))
        .unwrap_or("");
    let lines = block_lines(body, src.column(start) - 1);
    if !is_doc && lines.len() == 1 {
        let content = lines[0].trim();
        let valid = !content.is_empty()
            && content.chars().count() <= 30
            && content
                .chars()
                .all(|c| c.is_alphanumeric() || "-+._".contains(c));
        if valid && string_follows(&src.text[end..]) {
            return Raw::LanguageAnnotation(content.to_string());
        }
    }
    Raw::BlockComment(is_doc, lines)
}

/// Whether a string starts after optional spaces, one line break and spaces.
fn string_follows(s: &str) -> bool {
    let s = s.trim_start_matches(is_hspace);
    let s = s
        .strip_prefix("\r\n")
        .or_else(|| s.strip_prefix('\n'))
        .unwrap_or(s);
    let s = s.trim_start_matches(is_hspace);
    s.starts_with('"') || s.starts_with("''")
}

/// The lines of a block comment's body, with the ` *` column and the common indentation
/// removed. `pos` is the 0-based column of the `/*`.
fn block_lines(body: &str, pos: usize) -> Vec<String> {
    let body = body.replace("\r\n", "\n");
    let mut lines: Vec<String> = body.lines().map(|l| l.trim_end().to_string()).collect();
    drop_trailing_empty(&mut lines);
    // Remove the stars aligned with the opening `/*`, only if every line has one.
    if lines.len() > 1 {
        let star = format!("{} *", " ".repeat(pos));
        let stripped: Option<Vec<String>> = lines[1..]
            .iter()
            .map(|l| {
                l.strip_prefix(&star)
                    .map(|r| format!("{}{r}", " ".repeat(pos)))
            })
            .collect();
        if let Some(stripped) = stripped {
            lines.truncate(1);
            lines.extend(stripped);
        }
    }
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    drop_trailing_empty(&mut lines);
    if lines.is_empty() {
        return lines;
    }
    let offset = if lines[0].starts_with(' ') {
        pos + 3
    } else {
        pos + 2
    };
    let common = lines[1..]
        .iter()
        .filter(|l| !l.chars().all(|c| c == ' '))
        .map(|l| l.chars().take_while(|&c| c == ' ').count())
        .fold(offset, usize::min);
    let prefix = " ".repeat(common);
    let mut out = vec![lines[0].trim().to_string()];
    out.extend(lines[1..].iter().map(|l| match l.strip_prefix(&prefix) {
        Some(r) => r.to_string(),
        None => l.trim_start().to_string(),
    }));
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out.drain(..first);
    out
}

fn drop_trailing_empty(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
}
