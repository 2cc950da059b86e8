//! String literals: their raw pieces and their value as Nix computes it (escapes decoded,
//! CR/LF normalised in `"…"` strings, indentation stripped in `''…''` strings).

use super::{AstNode, Interpolation, Str};
use crate::{SyntaxKind::*, SyntaxToken};

/// A raw piece of a string as it appears in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterpolPart<T> {
    Literal(T),
    Interpolation(Interpolation),
}

/// A piece of a string's value: decoded text, or an interpolated expression.
pub type StrPart = InterpolPart<String>;

/// Appends `text` escaped for the inside of a `"…"` literal: `\`, `"`, newline, CR and tab
/// escaped, and `$` where it would start an interpolation: before `{`, or at the end when
/// an interpolation follows (`followed_by_interpolation`).
pub fn push_escaped_string_text(out: &mut String, text: &str, followed_by_interpolation: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars
                .peek()
                .map_or(followed_by_interpolation, |next| *next == '{') =>
            {
                out.push_str("\\$")
            }
            c => out.push(c),
        }
    }
}

impl Str {
    /// Whether this is an indented string `''…''`.
    pub fn is_indented(&self) -> bool {
        self.syntax()
            .first_token()
            .is_some_and(|t| t.kind() == QUOTE2)
    }

    /// The literal tokens (`STRING_CONTENT`, `STRING_ESCAPE`) and interpolations, in order.
    pub fn raw_parts(&self) -> impl Iterator<Item = InterpolPart<SyntaxToken>> {
        self.syntax()
            .children_with_tokens()
            .filter_map(|e| match e {
                rowan::NodeOrToken::Node(n) => {
                    Interpolation::cast(n).map(InterpolPart::Interpolation)
                }
                rowan::NodeOrToken::Token(t) => matches!(t.kind(), STRING_CONTENT | STRING_ESCAPE)
                    .then_some(InterpolPart::Literal(t)),
            })
    }

    /// The string's value as Nix computes it, split at interpolations. Adjacent literal pieces
    /// are merged; empty ones dropped.
    pub fn normalized_parts(&self) -> Vec<StrPart> {
        if self.is_indented() {
            strip_indentation(self.indented_pieces(), true)
        } else {
            let mut parts = Vec::new();
            for part in self.raw_parts() {
                match part {
                    InterpolPart::Literal(token) => push_text(&mut parts, &unescape(token.text())),
                    InterpolPart::Interpolation(i) => parts.push(InterpolPart::Interpolation(i)),
                }
            }
            parts
        }
    }

    /// The pieces as CppNix's parser keeps them: like [`Str::normalized_parts`], except that
    /// an indented string keeps one literal per lexer token (an escape such as `''$` stands
    /// apart), which `nix-instantiate --parse` shows as separate operands.
    pub fn parser_parts(&self) -> Vec<StrPart> {
        if self.is_indented() {
            strip_indentation(self.indented_pieces(), false)
        } else {
            self.normalized_parts()
        }
    }

    /// The value if the string has no interpolation.
    pub fn static_value(&self) -> Option<String> {
        let mut value = String::new();
        for part in self.normalized_parts() {
            match part {
                InterpolPart::Literal(text) => value.push_str(&text),
                InterpolPart::Interpolation(_) => return None,
            }
        }
        Some(value)
    }

    /// The pieces of an indented string as CppNix's lexer sees them.
    fn indented_pieces(&self) -> Vec<IndPiece> {
        let mut pieces = Vec::new();
        for (index, part) in self.raw_parts().enumerate() {
            match part {
                InterpolPart::Literal(token) if token.kind() == STRING_CONTENT => {
                    let mut text = token.text();
                    if index == 0 {
                        // CppNix's opening token `''(\ *\n)?` swallows a first line of spaces.
                        let spaces = text.len() - text.trim_start_matches(' ').len();
                        if text[spaces..].starts_with('\n') {
                            text = &text[spaces + 1..];
                        }
                    }
                    if !text.is_empty() {
                        pieces.push(IndPiece::Text {
                            text: text.to_string(),
                            indentation: true,
                        });
                    }
                }
                InterpolPart::Literal(token) => pieces.push(IndPiece::Text {
                    text: decode_ind_escape(token.text()),
                    indentation: false,
                }),
                InterpolPart::Interpolation(i) => pieces.push(IndPiece::Interpolation(i)),
            }
        }
        pieces
    }
}

fn push_text(parts: &mut Vec<StrPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(InterpolPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(InterpolPart::Literal(text.to_string()));
    }
}

/// CppNix's `unescapeStr`: `\n`, `\r`, `\t`, `\x` → `x`; a CR or CR/LF becomes LF.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            },
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The value of an indented-string escape token: `''$`, `'''`, `''\x`, or a lone `$` / `'`.
fn decode_ind_escape(raw: &str) -> String {
    match raw {
        "''$" => "$".to_string(),
        "'''" => "''".to_string(),
        _ => match raw.strip_prefix("''") {
            Some(escape) => unescape(escape),
            None => raw.to_string(),
        },
    }
}

enum IndPiece {
    /// `indentation` is false for escapes, which end a line's leading whitespace.
    Text {
        text: String,
        indentation: bool,
    },
    Interpolation(Interpolation),
}

/// CppNix's `stripIndentation`: remove the smallest indentation of the non-blank lines from
/// every line, and drop a last line made only of spaces. `merge` joins adjacent literals.
fn strip_indentation(pieces: Vec<IndPiece>, merge: bool) -> Vec<StrPart> {
    // The minimum indentation. Whitespace-only lines do not count, nor does the last line
    // when it holds only spaces.
    let mut at_line_start = true;
    let mut min_indent = usize::MAX;
    let mut cur_indent = 0;
    for piece in &pieces {
        match piece {
            IndPiece::Text {
                text,
                indentation: true,
            } => {
                for b in text.bytes() {
                    if at_line_start {
                        match b {
                            b' ' => cur_indent += 1,
                            b'\n' => cur_indent = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(cur_indent);
                            }
                        }
                    } else if b == b'\n' {
                        at_line_start = true;
                        cur_indent = 0;
                    }
                }
            }
            _ => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(cur_indent);
                }
            }
        }
    }

    let mut parts = Vec::new();
    at_line_start = true;
    let mut dropped = 0;
    let count = pieces.len();
    for (index, piece) in pieces.into_iter().enumerate() {
        match piece {
            IndPiece::Interpolation(i) => {
                at_line_start = false;
                dropped = 0;
                parts.push(InterpolPart::Interpolation(i));
            }
            IndPiece::Text { text, .. } => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => {
                                if dropped >= min_indent {
                                    out.push(c);
                                }
                                dropped += 1;
                            }
                            '\n' => {
                                dropped = 0;
                                out.push(c);
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                out.push(c);
                            }
                        }
                    } else {
                        out.push(c);
                        if c == '\n' {
                            at_line_start = true;
                        }
                    }
                }
                // Remove the last line if it is empty and consists only of spaces.
                if index + 1 == count
                    && let Some(p) = out.rfind('\n')
                    && out[p + 1..].bytes().all(|b| b == b' ')
                {
                    out.truncate(p + 1);
                }
                if merge {
                    push_text(&mut parts, &out);
                } else if !out.is_empty() {
                    parts.push(InterpolPart::Literal(out));
                }
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use crate::ast::{AstNode, Expr, InterpolPart};

    fn value(src: &str) -> String {
        let parse = crate::parse(src);
        assert!(parse.errors().is_empty(), "{:?}", parse.errors());
        let Some(Expr::Str(s)) = parse.tree().expr() else {
            panic!("not a string: {src}")
        };
        s.normalized_parts()
            .into_iter()
            .map(|p| match p {
                InterpolPart::Literal(t) => t,
                InterpolPart::Interpolation(i) => format!("<{}>", i.syntax()),
            })
            .collect()
    }

    #[test]
    fn double_quoted() {
        assert_eq!(value(r#""a\n\"b\$""#), "a\n\"b$");
        assert_eq!(value("\"a\r\nb\rc\""), "a\nb\nc");
        assert_eq!(value(r#""$${x}""#), "$${x}");
    }

    #[test]
    fn indented() {
        assert_eq!(value("''\n  a\n    b\n  ''"), "a\n  b\n");
        assert_eq!(value("''  \n  x''"), "x");
        assert_eq!(value("''a''$b'''c''\\nd''"), "a$b''c\nd");
        assert_eq!(value("''\n  ${x}\n   y\n''"), "<${x}>\n y\n");
        assert_eq!(value("''''"), "");
    }
}
