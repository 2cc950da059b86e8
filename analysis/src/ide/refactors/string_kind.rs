//! `"…"` ↔ `''…''`: the same value written the other way.
//!
//! The new literal is built from the string's value (escapes decoded, indentation
//! stripped), then parsed again; the refactor is offered only when the new literal's value
//! is exactly the old one, interpolations included. So a rewrite CppNix would read
//! differently (a first line of spaces, a quote before the closing `''`, …) is never
//! offered. Indented strings cannot name attributes, so strings in attribute paths stay.

use super::Refactor;
use crate::TextEdit;
use syntax::SyntaxKind::*;
use syntax::SyntaxNode;
use syntax::ast::{self, AstNode, InterpolPart, StrPart};

pub(super) fn toggle(node: &SyntaxNode) -> Option<Refactor> {
    let string = node.ancestors().find_map(ast::Str::cast)?;
    let parts = string.normalized_parts();
    let (title, candidates) = if string.is_indented() {
        ("Rewrite as a \"…\" string", vec![quoted(&parts)])
    } else {
        if string
            .syntax()
            .parent()
            .is_some_and(|p| p.kind() == ATTRPATH)
        {
            return None;
        }
        let indent = line_indentation(string.syntax());
        let mut candidates = Vec::new();
        if parts
            .iter()
            .any(|p| matches!(p, InterpolPart::Literal(t) if t.contains('\n')))
        {
            candidates.push(indented_block(&parts, &indent));
        }
        candidates.push(indented_inline(&parts));
        ("Rewrite as an indented ''…'' string", candidates)
    };
    let new_text = candidates
        .into_iter()
        .find(|c| value_of(c).is_some_and(|v| v == key(&parts)))?;
    Some(Refactor {
        title: title.to_string(),
        edits: vec![TextEdit::replace(string.syntax().text_range(), new_text)],
    })
}

/// A value to compare: literal text, and interpolations by their expression's text.
fn key(parts: &[StrPart]) -> Vec<Result<String, String>> {
    parts
        .iter()
        .map(|p| match p {
            InterpolPart::Literal(t) => Ok(t.clone()),
            InterpolPart::Interpolation(i) => {
                Err(i.expr().map(|e| e.syntax().to_string()).unwrap_or_default())
            }
        })
        .collect()
}

/// The value of `text` if it parses, alone and without error, as one string literal.
fn value_of(text: &str) -> Option<Vec<Result<String, String>>> {
    // Syntax errors only: the interpolated variables are not defined in this snippet.
    let parse = syntax::parse(text);
    if !parse.errors().is_empty() {
        return None;
    }
    match parse.tree().expr()? {
        ast::Expr::Str(s) => Some(key(&s.normalized_parts())),
        _ => None,
    }
}

fn interpolation(i: &ast::Interpolation) -> String {
    i.syntax().to_string()
}

/// `"…"` with `\`, `"`, `${`, and control characters escaped.
fn quoted(parts: &[StrPart]) -> String {
    let mut out = String::from("\"");
    for (index, part) in parts.iter().enumerate() {
        match part {
            InterpolPart::Interpolation(i) => out.push_str(&interpolation(i)),
            InterpolPart::Literal(text) => {
                ast::push_escaped_string_text(&mut out, text, index + 1 < parts.len())
            }
        }
    }
    out.push('"');
    out
}

/// The value as lines of indented-string text: `''` doubled to `'''`, `${` as `''${`, CR
/// as `''\r`.
fn indented_lines(parts: &[StrPart]) -> Vec<String> {
    let mut lines = vec![String::new()];
    for (index, part) in parts.iter().enumerate() {
        let line = lines.last_mut().expect("one line at least");
        match part {
            InterpolPart::Interpolation(i) => line.push_str(&interpolation(i)),
            InterpolPart::Literal(text) => {
                let before_interpolation = index + 1 < parts.len();
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    let line = lines.last_mut().expect("one line at least");
                    match c {
                        '\n' => lines.push(String::new()),
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                            line.push_str("'''");
                        }
                        '$' if chars.peek().map_or(before_interpolation, |n| *n == '{') => {
                            line.push_str("''$");
                        }
                        '\r' => line.push_str("''\\r"),
                        c => line.push(c),
                    }
                }
            }
        }
    }
    lines
}

/// `''` on a line of its own, the lines indented two spaces deeper than `indent`.
fn indented_block(parts: &[StrPart], indent: &str) -> String {
    let lines = indented_lines(parts);
    let mut out = String::from("''\n");
    let last = lines.len() - 1;
    for (index, line) in lines.iter().enumerate() {
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str("  ");
            out.push_str(line);
        }
        if index < last {
            out.push('\n');
        } else if line.is_empty() {
            out.push_str(indent);
        }
    }
    out.push_str("''");
    out
}

/// `''…''` on the string's own line, for values the block form cannot hold exactly.
fn indented_inline(parts: &[StrPart]) -> String {
    format!("''{}''", indented_lines(parts).join("\n"))
}

/// The spaces that start the line `node` starts on.
fn line_indentation(node: &SyntaxNode) -> String {
    let root = node.ancestors().last().unwrap_or_else(|| node.clone());
    let text = root.to_string();
    let start = usize::from(node.text_range().start());
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    text[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect()
}
