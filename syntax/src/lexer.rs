//! The lexer: turns text into a flat list of tokens that covers every byte.
//!
//! It follows CppNix's flex lexer (`src/libexpr/lexer.l`): the same token boundaries, the same
//! longest-match choices (`a/b` is a path, `x:x` a URI, `1.` a float) and the same mode stack
//! for strings, indented strings and interpolated paths, so that the tree can reproduce Nix's
//! string values and its errors. Unlike flex it never stops: bad bytes become `ERROR_TOKEN`s
//! and problems are reported as errors beside the tokens.

use crate::{SyntaxError, SyntaxKind, SyntaxKind::*, TextRange, TextSize};

/// One token: its kind and its length in bytes. Offsets follow by summing lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: SyntaxKind,
    pub len: u32,
}

/// Splits `text` into tokens. The token lengths sum to `text.len()`.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    assert!(
        text.len() <= u32::MAX as usize,
        "files over 4 GiB are not supported"
    );
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        modes: Vec::new(),
        tokens: Vec::with_capacity(text.len() / 3),
        errors: Vec::new(),
        no_path_before: 0,
    };
    lexer.run();
    (lexer.tokens, lexer.errors)
}

/// Lexer states, as in CppNix's flex lexer. The bottom of the stack (flex's `INITIAL`) is
/// implicit: an empty stack lexes like `Default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Default,
    String,
    IndString,
    /// Inside a path, after text that does not end in `/` (flex `INPATH`).
    Path,
    /// Inside a path, after text that ends in `/` (flex `INPATH_SLASH`).
    PathSlash,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    modes: Vec<Mode>,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    /// End of the last run of path characters found not to be followed by `/`: no path can
    /// start inside it. Keeps `1+1+1+…` linear instead of rescanning the run at every token.
    no_path_before: usize,
}

/// `PATH_CHAR` of CppNix's lexer: `[a-zA-Z0-9\.\_\-\+]`.
fn is_path_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+')
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-')
}

fn is_uri_scheme_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

fn is_uri_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'%' | b'/'
                | b'?'
                | b':'
                | b'@'
                | b'&'
                | b'='
                | b'+'
                | b'$'
                | b','
                | b'-'
                | b'_'
                | b'.'
                | b'!'
                | b'~'
                | b'*'
                | b'\''
        )
}

/// Length in bytes of the UTF-8 character starting with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn keyword(ident: &[u8]) -> Option<SyntaxKind> {
    Some(match ident {
        b"if" => IF_KW,
        b"then" => THEN_KW,
        b"else" => ELSE_KW,
        b"assert" => ASSERT_KW,
        b"with" => WITH_KW,
        b"let" => LET_KW,
        b"in" => IN_KW,
        b"rec" => REC_KW,
        b"inherit" => INHERIT_KW,
        b"or" => OR_KW,
        _ => return None,
    })
}

/// What a path-shaped match at the cursor is.
struct PathMatch {
    /// Length of the path token.
    len: usize,
    /// Whether it ends in `/` (the lexer then expects `${` or more path).
    trailing_slash: bool,
}

impl<'a> Lexer<'a> {
    fn at(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    fn byte(&self, index: usize) -> u8 {
        self.bytes.get(index).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: SyntaxKind, len: usize) {
        debug_assert!(len > 0);
        debug_assert!(self.text.is_char_boundary(self.pos + len));
        self.tokens.push(Token {
            kind,
            len: len as u32,
        });
        self.pos += len;
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError::new(
            message,
            TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32)),
        ));
    }

    fn mode(&self) -> Mode {
        self.modes.last().copied().unwrap_or(Mode::Default)
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            match self.mode() {
                Mode::Default => self.lex_default(),
                Mode::String => self.lex_string(),
                Mode::IndString => self.lex_ind_string(),
                Mode::Path | Mode::PathSlash => self.lex_in_path(),
            }
        }
        if self.mode() == Mode::PathSlash {
            let end = self.bytes.len();
            self.error(end, end, "path has a trailing slash");
        }
    }

    fn lex_default(&mut self) {
        let b = self.at(0);
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                let len = self.bytes[self.pos..]
                    .iter()
                    .position(|&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                    .unwrap_or(self.bytes.len() - self.pos);
                self.push(WHITESPACE, len);
            }
            b'#' => {
                // A line comment ends at `\n` or at a lone `\r`, as in CppNix.
                let len = self.bytes[self.pos..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .unwrap_or(self.bytes.len() - self.pos);
                self.push(COMMENT, len);
            }
            b'/' if self.at(1) == b'*' => self.lex_block_comment(),
            _ if is_path_char(b) || b == b'/' => {
                if self.pos < self.no_path_before {
                    self.lex_default_non_path(b);
                } else if let Some(path) = self.match_path() {
                    let kind = if b == b'/' { PATH_ABS } else { PATH_REL };
                    self.push_path_start(kind, path);
                } else {
                    self.lex_default_non_path(b);
                }
            }
            b'~' => self.lex_home_path(),
            _ => self.lex_default_non_path(b),
        }
    }

    /// Everything in the default mode that is not whitespace, a comment or a path.
    fn lex_default_non_path(&mut self, b: u8) {
        match b {
            _ if is_ident_start(b) => self.lex_ident_or_uri(),
            b'0'..=b'9' => self.lex_number(),
            b'.' => {
                if self.at(1).is_ascii_digit() {
                    self.lex_number()
                } else if self.at(1) == b'.' && self.at(2) == b'.' {
                    self.push(ELLIPSIS, 3)
                } else {
                    self.push(DOT, 1)
                }
            }
            b'"' => {
                self.modes.push(Mode::String);
                self.push(DQUOTE, 1);
            }
            b'\'' if self.at(1) == b'\'' => {
                self.modes.push(Mode::IndString);
                self.push(QUOTE2, 2);
            }
            b'$' if self.at(1) == b'{' => {
                self.modes.push(Mode::Default);
                self.push(DOLLAR_CURLY, 2);
            }
            b'{' => {
                self.modes.push(Mode::Default);
                self.push(L_CURLY, 1);
            }
            b'}' => {
                self.modes.pop();
                self.push(R_CURLY, 1);
            }
            b'<' => {
                if let Some(len) = self.match_search_path() {
                    self.push(SEARCH_PATH, len)
                } else {
                    match self.at(1) {
                        b'=' => self.push(LESS_EQ, 2),
                        b'|' => self.push(PIPE_LEFT, 2),
                        _ => self.push(LESS, 1),
                    }
                }
            }
            _ => {
                let (kind, len) = match (b, self.at(1)) {
                    (b'=', b'=') => (EQ_EQ, 2),
                    (b'!', b'=') => (NOT_EQ, 2),
                    (b'>', b'=') => (MORE_EQ, 2),
                    (b'&', b'&') => (AND_AND, 2),
                    (b'|', b'|') => (OR_OR, 2),
                    (b'-', b'>') => (IMPLICATION, 2),
                    (b'/', b'/') => (UPDATE, 2),
                    (b'+', b'+') => (CONCAT, 2),
                    (b'|', b'>') => (PIPE_RIGHT, 2),
                    (b'[', _) => (L_BRACK, 1),
                    (b']', _) => (R_BRACK, 1),
                    (b'(', _) => (L_PAREN, 1),
                    (b')', _) => (R_PAREN, 1),
                    (b';', _) => (SEMICOLON, 1),
                    (b':', _) => (COLON, 1),
                    (b',', _) => (COMMA, 1),
                    (b'=', _) => (EQ, 1),
                    (b'@', _) => (AT, 1),
                    (b'?', _) => (QUESTION, 1),
                    (b'+', _) => (PLUS, 1),
                    (b'-', _) => (MINUS, 1),
                    (b'*', _) => (STAR, 1),
                    (b'/', _) => (SLASH, 1),
                    (b'<', _) => (LESS, 1),
                    (b'>', _) => (MORE, 1),
                    (b'!', _) => (BANG, 1),
                    _ => {
                        let len = utf8_len(b);
                        let start = self.pos;
                        let text = &self.text[start..start + len];
                        let message = if b.is_ascii_graphic() {
                            format!("unexpected character `{text}`")
                        } else {
                            format!("unexpected character {:?}", text)
                        };
                        self.error(start, start + len, message);
                        (ERROR_TOKEN, len)
                    }
                };
                self.push(kind, len);
            }
        }
    }

    /// `/* … */` or a `/** … */` doc comment; an unterminated one runs to the end of the file.
    fn lex_block_comment(&mut self) {
        let start = self.pos;
        let body = &self.bytes[start + 2..];
        let (len, terminated) = match body.windows(2).position(|w| w == b"*/") {
            Some(i) => (2 + i + 2, true),
            None => (self.bytes.len() - start, false),
        };
        // CppNix: `/**` starts a doc comment unless followed by `/` (the empty `/**/`) or `*`.
        let is_doc = len >= 5 && body[0] == b'*' && !matches!(body[1], b'/' | b'*');
        if !terminated {
            self.error(start, start + 2, "unterminated comment");
        }
        self.push(if is_doc { DOC_COMMENT } else { COMMENT }, len);
    }

    /// Matches CppNix's `{PATH}` or `{PATH_SEG}\$\{` at the cursor.
    fn match_path(&mut self) -> Option<PathMatch> {
        let start = self.pos;
        let mut p = start;
        while is_path_char(self.byte(p)) {
            p += 1;
        }
        if self.byte(p) != b'/' {
            self.no_path_before = p;
            return None;
        }
        // `PATH_SEG` followed by `${`: the path starts with an interpolation after its slash.
        if self.byte(p + 1) == b'$' && self.byte(p + 2) == b'{' {
            return Some(PathMatch {
                len: p + 1 - start,
                trailing_slash: true,
            });
        }
        let mut segments = 0;
        while self.byte(p) == b'/' && is_path_char(self.byte(p + 1)) {
            p += 2;
            while is_path_char(self.byte(p)) {
                p += 1;
            }
            segments += 1;
        }
        if segments == 0 {
            return None;
        }
        let trailing_slash = self.byte(p) == b'/';
        if trailing_slash {
            p += 1;
        }
        Some(PathMatch {
            len: p - start,
            trailing_slash,
        })
    }

    fn push_path_start(&mut self, kind: SyntaxKind, path: PathMatch) {
        self.modes.push(if path.trailing_slash {
            Mode::PathSlash
        } else {
            Mode::Path
        });
        self.push(kind, path.len);
    }

    /// `~/…` (CppNix's `HPATH` and `HPATH_START`).
    fn lex_home_path(&mut self) {
        if self.at(1) == b'/' {
            if self.at(2) == b'$' && self.at(3) == b'{' {
                return self.push_path_start(
                    PATH_HOME,
                    PathMatch {
                        len: 2,
                        trailing_slash: true,
                    },
                );
            }
            // Reuse the relative-path matcher on the text after `~`.
            self.pos += 1;
            let path = self.match_path();
            self.pos -= 1;
            if let Some(path) = path {
                return self.push_path_start(
                    PATH_HOME,
                    PathMatch {
                        len: path.len + 1,
                        trailing_slash: path.trailing_slash,
                    },
                );
            }
        }
        self.error(self.pos, self.pos + 1, "unexpected character `~`");
        self.push(ERROR_TOKEN, 1);
    }

    /// `<nixpkgs/lib>`: `\<{PATH_CHAR}+(\/{PATH_CHAR}+)*\>`.
    fn match_search_path(&self) -> Option<usize> {
        let start = self.pos + 1;
        let mut p = start;
        loop {
            let segment_start = p;
            while is_path_char(self.byte(p)) {
                p += 1;
            }
            if p == segment_start {
                return None;
            }
            match self.byte(p) {
                b'/' => p += 1,
                b'>' => return Some(p + 1 - self.pos),
                _ => return None,
            }
        }
    }

    fn lex_ident_or_uri(&mut self) {
        let bytes = &self.bytes[self.pos..];
        let ident_len = bytes
            .iter()
            .position(|&c| !is_ident_continue(c))
            .unwrap_or(bytes.len());
        // A URI's scheme is made of path characters, so it can only end where the run of path
        // characters (just measured by `match_path`) ends, and only if a `:` follows there.
        if bytes[0].is_ascii_alphabetic() && self.byte(self.no_path_before) == b':' {
            let scheme_len = bytes
                .iter()
                .position(|&c| !is_uri_scheme_char(c))
                .unwrap_or(bytes.len());
            if bytes.get(scheme_len) == Some(&b':') {
                let rest = &bytes[scheme_len + 1..];
                let rest_len = rest
                    .iter()
                    .position(|&c| !is_uri_char(c))
                    .unwrap_or(rest.len());
                if rest_len > 0 {
                    return self.push(URI, scheme_len + 1 + rest_len);
                }
            }
        }
        let kind = keyword(&bytes[..ident_len]).unwrap_or(IDENT);
        self.push(kind, ident_len);
    }

    /// `INT` or `FLOAT` of CppNix: `(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`.
    fn lex_number(&mut self) {
        let start = self.pos;
        let digits = |mut p: usize| {
            while self.byte(p).is_ascii_digit() {
                p += 1;
            }
            p
        };
        let int_end = digits(start);
        let first = self.byte(start);
        let mantissa_end = if first.is_ascii_digit() && first != b'0' {
            (self.byte(int_end) == b'.').then(|| digits(int_end + 1))
        } else {
            // `0?\.[0-9]+`
            let dot = if first == b'0' { start + 1 } else { start };
            (self.byte(dot) == b'.' && self.byte(dot + 1).is_ascii_digit()).then(|| digits(dot + 1))
        };
        match mantissa_end {
            Some(mut end) => {
                if matches!(self.byte(end), b'e' | b'E') {
                    let mut p = end + 1;
                    if matches!(self.byte(p), b'+' | b'-') {
                        p += 1;
                    }
                    if self.byte(p).is_ascii_digit() {
                        end = digits(p);
                    }
                }
                self.push(FLOAT, end - start)
            }
            None => self.push(INTEGER, int_end - start),
        }
    }

    fn lex_string(&mut self) {
        let start = self.pos;
        match (self.at(0), self.at(1)) {
            (b'"', _) => {
                self.modes.pop();
                return self.push(DQUOTE, 1);
            }
            (b'$', b'{') => {
                self.modes.push(Mode::Default);
                return self.push(DOLLAR_CURLY, 2);
            }
            _ => {}
        }
        let mut p = start;
        while p < self.bytes.len() {
            match self.bytes[p] {
                b'"' => break,
                b'\\' => match self.bytes.get(p + 1) {
                    Some(&next) => p += 1 + utf8_len(next),
                    None => p += 1,
                },
                b'$' => match self.bytes.get(p + 1) {
                    Some(b'{') => break,
                    // `$$` is two literal dollars: the second cannot start `${`.
                    Some(b'$') => p += 2,
                    _ => p += 1,
                },
                _ => p += 1,
            }
        }
        self.push(STRING_CONTENT, p - start);
    }

    fn lex_ind_string(&mut self) {
        let start = self.pos;
        match (self.at(0), self.at(1), self.at(2)) {
            (b'\'', b'\'', b'\'' | b'$') => return self.push(STRING_ESCAPE, 3),
            (b'\'', b'\'', b'\\') if start + 3 < self.bytes.len() => {
                return self.push(STRING_ESCAPE, 3 + utf8_len(self.at(3)));
            }
            (b'\'', b'\'', _) => {
                self.modes.pop();
                return self.push(QUOTE2, 2);
            }
            (b'$', b'{', _) => {
                self.modes.push(Mode::Default);
                return self.push(DOLLAR_CURLY, 2);
            }
            _ => {}
        }
        // CppNix's `([^\$\']|\$[^\{\']|\'[^\'\$])+`.
        let mut p = start;
        while p < self.bytes.len() {
            match self.bytes[p] {
                b'$' => match self.bytes.get(p + 1) {
                    Some(&next) if next != b'{' && next != b'\'' => p += 1 + utf8_len(next),
                    _ => break,
                },
                b'\'' => match self.bytes.get(p + 1) {
                    Some(&next) if next != b'\'' && next != b'$' => p += 1 + utf8_len(next),
                    _ => break,
                },
                _ => p += 1,
            }
        }
        if p > start {
            self.push(STRING_CONTENT, p - start)
        } else {
            // A lone `$` or `'`: Nix lexes it as a separate piece.
            self.push(STRING_ESCAPE, 1)
        }
    }

    /// After a path's first token: more path text, `${`, or the end of the path.
    fn lex_in_path(&mut self) {
        if self.at(0) == b'$' && self.at(1) == b'{' {
            *self.modes.last_mut().expect("in a path mode") = Mode::Path;
            self.modes.push(Mode::Default);
            return self.push(DOLLAR_CURLY, 2);
        }
        // `{PATH}|{PATH_SEG}|{PATH_CHAR}+`
        let start = self.pos;
        let mut p = start;
        while is_path_char(self.byte(p)) {
            p += 1;
        }
        while self.byte(p) == b'/' {
            p += 1;
            if !is_path_char(self.byte(p)) {
                break;
            }
            while is_path_char(self.byte(p)) {
                p += 1;
            }
        }
        if p > start {
            let slash = self.byte(p - 1) == b'/';
            *self.modes.last_mut().expect("in a path mode") =
                if slash { Mode::PathSlash } else { Mode::Path };
            return self.push(PATH_CONTENT, p - start);
        }
        if self.modes.pop() == Some(Mode::PathSlash) {
            self.error(start, start, "path has a trailing slash");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> String {
        let (tokens, errors) = tokenize(text);
        let mut out = String::new();
        let mut pos = 0;
        for token in tokens {
            let end = pos + token.len as usize;
            out.push_str(&format!("{:?} {:?}\n", token.kind, &text[pos..end]));
            pos = end;
        }
        for error in errors {
            out.push_str(&format!("error {:?}: {}\n", error.range, error.message));
        }
        out
    }

    #[test]
    fn longest_match_follows_flex() {
        assert_eq!(lex("a/b"), "PATH_REL \"a/b\"\n");
        assert_eq!(lex("x:x"), "URI \"x:x\"\n");
        assert_eq!(lex("1."), "FLOAT \"1.\"\n");
        assert_eq!(lex("00.5"), "INTEGER \"00\"\nFLOAT \".5\"\n");
        assert_eq!(lex("a//b"), "IDENT \"a\"\nUPDATE \"//\"\nIDENT \"b\"\n");
        assert_eq!(lex("<a/b>"), "SEARCH_PATH \"<a/b>\"\n");
        assert_eq!(lex("a<b"), "IDENT \"a\"\nLESS \"<\"\nIDENT \"b\"\n");
    }

    #[test]
    fn string_dollars() {
        assert_eq!(
            lex(r#""$${x}""#),
            "DQUOTE \"\\\"\"\nSTRING_CONTENT \"$${x}\"\nDQUOTE \"\\\"\"\n"
        );
    }

    #[test]
    fn lone_cr_ends_line_comment() {
        assert_eq!(
            lex("# a\rb"),
            "COMMENT \"# a\"\nWHITESPACE \"\\r\"\nIDENT \"b\"\n"
        );
    }

    #[test]
    fn trailing_slash_is_an_error() {
        assert!(lex("./a/ ").contains("path has a trailing slash"));
        assert!(!lex("./a/${b} ").contains("error"));
    }
}
