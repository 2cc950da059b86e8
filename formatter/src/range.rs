//! Range formatting (for the LSP): the smallest whole nodes covering a byte range are
//! formatted on their own, re-indented to where they stand, and returned as edits that
//! touch nothing outside them.

use crate::{FormatError, Options, blocking_errors, format_at, same_meaning};
use syntax::SyntaxKind::{self, *};
use syntax::{SyntaxNode, TextRange, TextSize};

/// Replace `range` of the original text with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

fn is_binding(kind: SyntaxKind) -> bool {
    matches!(kind, ATTRPATH_VALUE | INHERIT)
}

/// Nodes whose formatting does not depend on what surrounds them: bindings, list items
/// and the whole file's expression (each is a group of its own). A `let` body is not: it
/// shares the group of its `in`.
fn is_unit(node: &SyntaxNode) -> bool {
    is_binding(node.kind()) || matches!(node.parent().map(|p| p.kind()), Some(LIST | ROOT))
}

/// The nodes to format for `range`: the children of one list, set or `let` that the range
/// touches, or else the smallest unit around it.
fn units(root: &SyntaxNode, range: TextRange) -> Vec<SyntaxNode> {
    let mut node = match root.covering_element(range) {
        rowan::NodeOrToken::Node(n) => n,
        rowan::NodeOrToken::Token(t) => t.parent().unwrap_or_else(|| root.clone()),
    };
    loop {
        if matches!(node.kind(), LIST | ATTR_SET | LET_IN | LEGACY_LET | ROOT) {
            let touched: Vec<SyntaxNode> = node
                .children()
                .filter(|c| c.text_range().intersect(range).is_some())
                .collect();
            if touched.len() > 1 || node.kind() == ROOT {
                return touched;
            }
        }
        if is_unit(&node) {
            return vec![node];
        }
        match node.parent() {
            Some(p) => node = p,
            None => return vec![node],
        }
    }
}

/// The format-disabled regions: from a `/*nixfmt:disable*/` alone on its line to the next
/// `/*nixfmt:enable*/` alone on its line, or to the end.
fn disabled_regions(root: &SyntaxNode, text: &str) -> Vec<TextRange> {
    let alone = |r: TextRange| {
        let (start, end) = (usize::from(r.start()), usize::from(r.end()));
        let before = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
        let after = text[end..].split('\n').next().unwrap_or("");
        before.trim().is_empty() && after.trim().is_empty()
    };
    let mut regions = Vec::new();
    let mut open: Option<TextSize> = None;
    for t in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        if t.kind() != COMMENT || !alone(t.text_range()) {
            continue;
        }
        match (t.text(), open) {
            ("/*nixfmt:disable*/", None) => open = Some(t.text_range().start()),
            ("/*nixfmt:enable*/", Some(start)) => {
                regions.push(TextRange::new(start, t.text_range().end()));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        regions.push(TextRange::new(start, TextSize::of(text)));
    }
    regions
}

/// Leading whitespace of the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// A binding placed after the one formatted, so that the set around it always expands
/// (two bindings never share a line).
const SECOND_BINDING: &str = "firn-range-formatting = null;";

/// Formats one unit on its own, at its original column (comment placement depends on
/// columns) and indentation, without its final newline. `None` if it cannot be placed.
fn format_unit(
    node: &SyntaxNode,
    source: &str,
    options: &Options,
) -> Result<Option<String>, FormatError> {
    let start = usize::from(node.text_range().start());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &source[line_start..start];
    let prefix = if before.trim().is_empty() {
        before.to_string()
    } else {
        " ".repeat(before.chars().count())
    };
    let indent = line_indent(source, start).chars().count();
    let text = format!("{prefix}{}", node.text());
    if !is_binding(node.kind()) {
        return Ok(Some(format_at(&text, options, indent)?.trim().to_string()));
    }
    // A binding is formatted inside a set of its own (one level less indented), then taken
    // out of it.
    let Some(base) = indent.checked_sub(options.indent) else {
        return Ok(None);
    };
    let wrapped = format_at(
        &format!("{{\n{text}\n{SECOND_BINDING}\n}}\n"),
        options,
        base,
    )?;
    let lines: Vec<&str> = wrapped.trim_end().lines().collect();
    let body = lines.get(1..lines.len().saturating_sub(2)).unwrap_or(&[]);
    Ok(Some(body.join("\n").trim_start().to_string()))
}

/// The edits formatting the smallest whole nodes that cover `range` (byte offsets).
/// Nothing outside those nodes changes; an empty list means they are formatted already.
pub fn format_range(
    text: &str,
    range: TextRange,
    options: &Options,
) -> Result<Vec<Edit>, FormatError> {
    let parse = syntax::parse(text);
    crate::with_stack_for(&parse, || {
        let errors = blocking_errors(&parse);
        if !errors.is_empty() {
            return Err(FormatError::Syntax(errors));
        }
        let end = TextSize::of(text);
        let range = TextRange::new(range.start().min(end), range.end().min(end));
        let root = parse.syntax();
        let mut edits = Vec::new();
        let regions = disabled_regions(&root, text);
        for node in units(&root, range) {
            // A unit that a disabled region overlaps (without holding it whole) stays as is.
            let r = node.text_range();
            if regions
                .iter()
                .any(|d| d.intersect(r).is_some() && !r.contains_range(*d))
            {
                continue;
            }
            let Some(formatted) = format_unit(&node, text, options)? else {
                continue;
            };
            if node.text() != formatted.as_str() {
                edits.push(Edit {
                    range: node.text_range(),
                    text: formatted,
                });
            }
        }
        check_edits(text, &edits)?;
        Ok(edits)
    })
}

/// The edited text must mean what the original meant.
fn check_edits(text: &str, edits: &[Edit]) -> Result<(), FormatError> {
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(
            usize::from(e.range.start())..usize::from(e.range.end()),
            &e.text,
        );
    }
    same_meaning(text, &out)
}
