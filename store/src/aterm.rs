//! The ATerm subset `.drv` files are written in: tuples `Name(…)`, lists `[…]` and
//! double-quoted strings, with no whitespace anywhere.
//!
//! CppNix escapes `"`, `\`, newline, carriage return and tab in some strings (builder,
//! arguments, environment) and writes the others (paths, output names, hashes, the system)
//! verbatim. The printer below keeps that distinction, because the bytes of the file
//! decide its store path. The parser undoes the escapes everywhere, as CppNix's does.

use std::borrow::Cow;

/// CppNix's five string escapes (`"`, `\`, newline, carriage return, tab), which JSON
/// output shares.
pub(crate) fn escape(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => return None,
    })
}

/// Appends `s` quoted, with CppNix's five escapes.
pub fn push_escaped(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match escape(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `s` quoted, unescaped (CppNix's `printUnquotedString`).
pub fn push_verbatim(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// Appends `[s1,s2,…]` with each string written by `push`.
pub fn push_list<'a>(
    out: &mut String,
    items: impl IntoIterator<Item = &'a str>,
    push: fn(&mut String, &str),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push(out, item);
    }
    out.push(']');
}

/// Appends `[(…),(…),…]`: one tuple per item, its fields (comma-separated) written by
/// `fields`.
pub fn push_tuples<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut fields: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('(');
        fields(out, item);
        out.push(')');
    }
    out.push(']');
}

/// A syntax error: what was expected, at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// A cursor over ATerm text.
pub struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Self {
        Parser { text, pos: 0 }
    }

    pub fn offset(&self) -> usize {
        self.pos
    }

    pub fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            offset: self.pos,
            message: message.into(),
        })
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Consumes `token` or fails naming it.
    pub fn expect(&mut self, token: &str) -> Result<(), ParseError> {
        if self.eat(token) {
            Ok(())
        } else {
            let found: String = self.rest().chars().take(12).collect();
            self.error(format!("expected {token:?}, found {found:?}"))
        }
    }

    /// Consumes `token` if it comes next.
    pub fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    /// A quoted string with escapes undone: `\n`, `\r`, `\t` and, for any other character
    /// `c`, `\c` is `c`.
    pub fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.expect("\"")?;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            match bytes.get(self.pos) {
                None => {
                    self.pos = start;
                    return self.error("unterminated string");
                }
                Some(b'"') => {
                    let tail = &self.text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    let Some(escaped) = self.text[self.pos + 1..].chars().next() else {
                        self.pos = start;
                        return self.error("unterminated string");
                    };
                    s.push(match escaped {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        c => c,
                    });
                    self.pos += 1 + escaped.len_utf8();
                    run = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A list `[item,item,…]`, each item read by `item`.
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, ParseError>,
    ) -> Result<Vec<T>, ParseError> {
        self.expect("[")?;
        let mut items = Vec::new();
        if self.eat("]") {
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            if self.eat("]") {
                return Ok(items);
            }
            self.expect(",")?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let nasty = "a\"b\\c\nd\re\tf\u{1}é";
        let mut out = String::new();
        push_escaped(&mut out, nasty);
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\re\\tf\u{1}é\"");
        let mut parser = Parser::new(&out);
        assert_eq!(parser.string().unwrap(), nasty);
        assert!(parser.at_end());
    }

    #[test]
    fn verbatim_is_unchanged() {
        let mut out = String::new();
        push_verbatim(&mut out, "x\ty");
        assert_eq!(out, "\"x\ty\"");
    }

    #[test]
    fn lists_and_errors() {
        let mut out = String::new();
        push_list(&mut out, ["a", "b"], push_escaped);
        assert_eq!(out, "[\"a\",\"b\"]");
        let mut parser = Parser::new(&out);
        let items = parser.list(|p| p.string().map(Cow::into_owned)).unwrap();
        assert_eq!(items, ["a", "b"]);
        assert_eq!(Parser::new("[]").list(|p| p.string()).unwrap().len(), 0);

        let err = Parser::new("[\"a\"\"b\"]")
            .list(|p| p.string())
            .unwrap_err();
        assert_eq!(err.offset, 4);
        assert!(err.message.starts_with("expected \",\""), "{}", err.message);
        let err = Parser::new("\"abc\\").string().unwrap_err();
        assert_eq!(
            (err.offset, err.message.as_str()),
            (1, "unterminated string")
        );
        // An unknown escape stands for the character itself, as in CppNix.
        assert_eq!(Parser::new("\"\\q\"").string().unwrap(), "q");
    }
}
