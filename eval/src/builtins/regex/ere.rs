//! POSIX extended regular expressions as CppNix reads them (`std::regex::extended`,
//! libstdc++), checked and rewritten into the `regex` crate's syntax. What libstdc++ refuses
//! is refused here (`\d`, `(?:…)`, `a{,2}`, `^*`, `[z-a]`, an unbalanced parenthesis); what
//! it reads differently from the `regex` crate is rewritten (`a+?` is `(a+)?`, not lazy; a
//! quantifier after a quantifier applies to the whole; `\` is literal in brackets; `}` and
//! `]` alone are literal). One pass, no recursion: patterns nest without bound.

/// A pattern in the `regex` crate's syntax, twice: with the end anchor `$`, and with every
/// `$` made to never match (for matching against a haystack cut short at a match's end,
/// where the real text goes on).
pub struct Translated {
    pub with_end: String,
    pub without_end: String,
}

/// The characters an escape may make literal (libstdc++'s `_M_extended_spec_char`).
const ESCAPABLE: &str = ".[\\()*+?{|^$";

/// What the last thing written was, for the quantifier rules.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Nothing to quantify: the start, `(`, `|`, or an anchor.
    Nothing,
    /// An atom starting at this output offset.
    Atom(usize),
    /// A quantified atom starting at this output offset (another quantifier wraps it).
    Quantified(usize),
}

pub fn translate(ere: &[u8]) -> Option<Translated> {
    // Byte by byte, as `std::regex` over `char`: `é` is two atoms (a quantifier after it
    // repeats its last byte). Each byte stands as the char of the same number; those past
    // ASCII are written as `\xNN` escapes, which the regex (built on bytes) reads as bytes
    // (`\x{NN}` would be a code point).
    let chars: Vec<char> = ere.iter().map(|&b| char::from(b)).collect();
    let mut out = String::with_capacity(ere.len() + 8);
    // Output offsets of the `$` anchors written (to make the second variant).
    let mut ends: Vec<usize> = Vec::new();
    // Output offsets of the open groups.
    let mut groups: Vec<usize> = Vec::new();
    let mut last = Last::Nothing;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let next = *chars.get(i + 1)?;
                if !ESCAPABLE.contains(next) {
                    return None;
                }
                let at = out.len();
                push_literal(&mut out, next);
                last = Last::Atom(at);
                i += 2;
                continue;
            }
            '[' => {
                let at = out.len();
                i = bracket(&chars, i, &mut out)?;
                last = Last::Atom(at);
                continue;
            }
            '(' => {
                groups.push(out.len());
                out.push('(');
                last = Last::Nothing;
            }
            ')' => {
                let at = groups.pop()?;
                out.push(')');
                last = Last::Atom(at);
            }
            '|' => {
                out.push('|');
                last = Last::Nothing;
            }
            '^' => {
                out.push('^');
                last = Last::Nothing;
            }
            '$' => {
                ends.push(out.len());
                out.push('$');
                last = Last::Nothing;
            }
            '.' => {
                last = Last::Atom(out.len());
                out.push('.');
            }
            '*' | '+' | '?' | '{' => {
                let quantifier = if c == '{' {
                    let (text, end) = interval(&chars, i)?;
                    i = end;
                    text
                } else {
                    i += 1;
                    c.to_string()
                };
                let start = match last {
                    Last::Nothing => return None,
                    Last::Atom(start) => start,
                    Last::Quantified(start) => {
                        // `a+?` is `(a+)?`: the regex crate would read a lazy `+`.
                        out.insert_str(start, "(?:");
                        shift(&mut ends, start, 3);
                        out.push(')');
                        start
                    }
                };
                out.push_str(&quantifier);
                last = Last::Quantified(start);
                continue;
            }
            c => {
                last = Last::Atom(out.len());
                push_literal(&mut out, c);
            }
        }
        i += 1;
    }
    if !groups.is_empty() {
        return None;
    }
    let mut without_end = out.clone();
    for &at in ends.iter().rev() {
        without_end.replace_range(at..at + 1, r"[^\s\S]");
    }
    Some(Translated {
        with_end: out,
        without_end,
    })
}

/// Offsets at or after `from` move by `by` (text was inserted there).
fn shift(offsets: &mut [usize], from: usize, by: usize) {
    for o in offsets.iter_mut().filter(|o| **o >= from) {
        *o += by;
    }
}

fn push_literal(out: &mut String, c: char) {
    if regex_syntax::is_meta_character(c) {
        out.push('\\');
    }
    push_byte(out, c);
}

/// A pattern byte (see `translate`): itself if ASCII, else its escape.
fn push_byte(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
    } else {
        let _ = std::fmt::Write::write_fmt(out, format_args!("\\x{:02X}", c as u32));
    }
}

/// `{m}`, `{m,}` or `{m,n}` (m ≤ n) at `chars[i]`: its text and the index after it.
fn interval(chars: &[char], i: usize) -> Option<(String, usize)> {
    let close = i + chars[i..].iter().position(|&c| c == '}')?;
    let inner: String = chars[i + 1..close].iter().collect();
    let (low, high) = match inner.split_once(',') {
        Some((low, high)) => (low, Some(high)),
        None => (inner.as_str(), None),
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let low = number(low)?;
    let text = match high {
        None => format!("{{{low}}}"),
        Some("") => format!("{{{low},}}"),
        Some(high) => {
            let high = number(high)?;
            if high < low {
                return None;
            }
            format!("{{{low},{high}}}")
        }
    };
    Some((text, close + 1))
}

/// The POSIX classes libstdc++ names (its `w`, `d` and `s` included), in the `regex`
/// crate's words.
fn class(name: &str) -> Option<&'static str> {
    Some(match name {
        "alnum" => "[:alnum:]",
        "alpha" => "[:alpha:]",
        "blank" => "[:blank:]",
        "cntrl" => "[:cntrl:]",
        "digit" | "d" => "[:digit:]",
        "graph" => "[:graph:]",
        "lower" => "[:lower:]",
        "print" => "[:print:]",
        "punct" => "[:punct:]",
        "space" | "s" => "[:space:]",
        "upper" => "[:upper:]",
        "xdigit" => "[:xdigit:]",
        "w" => "[:word:]",
        _ => return None,
    })
}

/// One member of a bracket expression, before ranges are formed.
enum Member {
    Char(char),
    Class(&'static str),
}

/// The bracket expression at `chars[i]` (`[`), written to `out`; the index after it.
fn bracket(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    let mut j = i + 1;
    out.push('[');
    if chars.get(j) == Some(&'^') {
        out.push('^');
        j += 1;
    }
    let mut members: Vec<Member> = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(j)?;
        if c == ']' && !first {
            j += 1;
            break;
        }
        first = false;
        if c == '[' && matches!(chars.get(j + 1), Some(':' | '.' | '=')) {
            let kind = chars[j + 1];
            let start = j + 2;
            let len = chars[start..]
                .windows(2)
                .position(|w| w[0] == kind && w[1] == ']')?;
            let name: String = chars[start..start + len].iter().collect();
            j = start + len + 2;
            members.push(match kind {
                ':' => Member::Class(class(&name)?),
                // A collating element or an equivalence class: one character here.
                _ => {
                    let mut it = name.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) if c.is_ascii_alphanumeric() => Member::Char(c),
                        _ => return None,
                    }
                }
            });
            continue;
        }
        members.push(Member::Char(c));
        j += 1;
    }
    // Ranges: `a-z`; a `-` first or last is literal; a range's end may not start
    // another (`a-z-0`), and a class is no end of a range.
    let dash = |m: Option<&Member>| matches!(m, Some(Member::Char('-')));
    let mut k = 0;
    while k < members.len() {
        if k + 2 < members.len() && dash(members.get(k + 1)) {
            let (Member::Char(low), Member::Char(high)) = (&members[k], &members[k + 2]) else {
                return None;
            };
            if high < low || (k + 4 < members.len() && dash(members.get(k + 3))) {
                return None;
            }
            push_class_char(out, *low);
            out.push('-');
            push_class_char(out, *high);
            k += 3;
            continue;
        }
        match &members[k] {
            Member::Char(c) => push_class_char(out, *c),
            Member::Class(name) => out.push_str(name),
        }
        k += 1;
    }
    out.push(']');
    Some(j)
}

fn push_class_char(out: &mut String, c: char) {
    if matches!(c, '[' | ']' | '\\' | '-' | '^' | '&' | '~') {
        out.push('\\');
    }
    push_byte(out, c);
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn t(ere: &str) -> Option<String> {
        translate(ere.as_bytes()).map(|t| t.with_end)
    }

    #[test]
    fn rewrites_what_the_regex_crate_reads_differently() {
        assert_eq!(t("a+?").as_deref(), Some("(?:a+)?"));
        assert_eq!(t("(ab)*{2}").as_deref(), Some("(?:(ab)*){2}"));
        assert_eq!(t("a}]").as_deref(), Some("a\\}\\]"));
        assert_eq!(t("[]a]").as_deref(), Some("[\\]a]"));
        assert_eq!(t("[a\\-z]").as_deref(), Some("[a\\\\-z]"));
        assert_eq!(t("[[:alpha:]_]").as_deref(), Some("[[:alpha:]_]"));
        assert_eq!(t("\\{").as_deref(), Some("\\{"));
        assert_eq!(t("é+").as_deref(), Some("\\xC3\\xA9+"));
        assert_eq!(translate(b"a$|b").unwrap().without_end, "a[^\\s\\S]|b");
    }

    #[test]
    fn refuses_what_libstdcxx_refuses() {
        for bad in [
            "\\d",
            "\\]",
            "\\1",
            "(?:a)",
            "a{,2}",
            "x{",
            "{x}",
            "a{2,1}",
            "a{1",
            "^*",
            "$*",
            "*a",
            "a|*b",
            "(",
            "a)",
            "[a-",
            "[]",
            "[^]",
            "[z-a]",
            "[a-z-0]",
            "[[:foo:]]",
            "[[:alpha:]-z]",
            "[[.-.]]",
            "a\\",
        ] {
            assert!(t(bad).is_none(), "{bad} should be refused: {:?}", t(bad));
        }
    }
}
