//! String contents as nixfmt's parser prepares them: split into lines, the common
//! indentation of `''` strings stripped, and one-line `''` strings turned into `"` strings.

use crate::ast::{StrLines, StringPart};

fn is_spaces(t: &str) -> bool {
    t.chars().all(|c| c == ' ')
}

/// Merges neighbouring texts and drops empty ones.
pub fn normalize_line(parts: Vec<StringPart>) -> Vec<StringPart> {
    let mut out: Vec<StringPart> = Vec::with_capacity(parts.len());
    for p in parts {
        match p {
            StringPart::Text(t) if t.is_empty() => {}
            StringPart::Text(t) => match out.last_mut() {
                Some(StringPart::Text(prev)) => prev.push_str(&t),
                _ => out.push(StringPart::Text(t)),
            },
            other => out.push(other),
        }
    }
    out
}

/// Splits the parts on the line breaks in their texts. Never empty.
pub fn split_lines(parts: Vec<StringPart>) -> StrLines {
    let mut lines: StrLines = vec![Vec::new()];
    for p in parts {
        match p {
            StringPart::Text(t) => {
                let mut pieces = t.split('\n');
                if let Some(first) = pieces.next() {
                    lines
                        .last_mut()
                        .expect("never empty")
                        .push(StringPart::Text(first.into()));
                }
                for piece in pieces {
                    lines.push(vec![StringPart::Text(piece.into())]);
                }
            }
            other => lines.last_mut().expect("never empty").push(other),
        }
    }
    lines
}

fn is_empty_line(line: &[StringPart]) -> bool {
    match line {
        [] => true,
        [StringPart::Text(t)] => is_spaces(t),
        _ => false,
    }
}

/// The lines of a `''` string and the indentation stripped from them.
pub fn fix_indented(parts: Vec<StringPart>) -> (String, StrLines) {
    let mut lines = split_lines(parts);
    // The first line goes if it is blank (unless it is the only one).
    let first = normalize_line(std::mem::take(&mut lines[0]));
    if is_empty_line(&first) && lines.len() > 1 {
        lines.remove(0);
    } else {
        lines[0] = first;
    }
    // The last line is emptied if blank.
    let last = lines.len() - 1;
    let last_line = normalize_line(std::mem::take(&mut lines[last]));
    lines[last] = if is_empty_line(&last_line) {
        Vec::new()
    } else {
        last_line
    };

    let heads: Vec<&str> = lines
        .iter()
        .filter(|l| !is_empty_line(l))
        .map(|l| match &l[0] {
            StringPart::Text(t) => t.as_str(),
            StringPart::Interpolation(_) => "",
        })
        .collect();
    if heads.is_empty() {
        return (String::new(), lines.iter().map(|_| Vec::new()).collect());
    };
    // The common prefix's leading spaces are the fewest leading spaces of any line.
    let common = heads
        .iter()
        .map(|h| h.bytes().take_while(|&b| b == b' ').count())
        .min()
        .unwrap_or(0);
    let indentation = " ".repeat(common);
    let lines = lines
        .into_iter()
        .map(|mut l| {
            if let Some(StringPart::Text(t)) = l.first_mut() {
                *t = t
                    .strip_prefix(indentation.as_str())
                    .unwrap_or("")
                    .to_string();
            }
            normalize_line(l)
        })
        .collect();
    (indentation, lines)
}

/// Whether a `''` string can be printed as a `"` string: one line, no `"` or `\`, and no
/// carriage return (kept as it is in a `''` string, read as a line break in a `"` one).
pub fn can_be_simple(lines: &StrLines) -> bool {
    lines.len() <= 1
        && lines.iter().flatten().all(|p| match p {
            StringPart::Text(t) => !t.contains(['"', '\\', '\r']),
            StringPart::Interpolation(_) => true,
        })
}

/// Rewrites `''` escapes as `"` escapes.
pub fn indented_to_simple(lines: StrLines) -> StrLines {
    lines
        .into_iter()
        .map(|l| {
            l.into_iter()
                .map(|p| match p {
                    StringPart::Text(t) => StringPart::Text(convert_escapes(&t)),
                    other => other,
                })
                .collect()
        })
        .collect()
}

/// `''$` becomes `\$` and `'''` becomes `''`, scanning left to right.
fn convert_escapes(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("''$") {
            out.push_str("\\$");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("'''") {
            out.push_str("''");
            rest = r;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}
