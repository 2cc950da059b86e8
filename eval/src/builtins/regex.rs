//! `match` and `split`: POSIX extended regular expressions, run with the `regex` crate after
//! translating the few constructs whose spelling differs. Compiled patterns are cached.

use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::*;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static CACHE: RefCell<FxHashMap<(String, bool), Rc<Regex>>> = RefCell::new(FxHashMap::default());
}

/// Rewrites an ERE into the `regex` crate's syntax: a `{` that does not start a repetition
/// is literal in POSIX, and inside brackets `[` and `\` need no escape there.
fn translate(ere: &str) -> String {
    let mut out = String::with_capacity(ere.len() + 8);
    let chars: Vec<char> = ere.chars().collect();
    let mut i = 0;
    let mut in_repetition = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push('\\');
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '[' => {
                // Copy a bracket expression, escaping what `regex` would misread.
                let mut j = i + 1;
                out.push('[');
                if j < chars.len() && chars[j] == '^' {
                    out.push('^');
                    j += 1;
                }
                if j < chars.len() && chars[j] == ']' {
                    out.push_str("\\]");
                    j += 1;
                }
                while j < chars.len() && chars[j] != ']' {
                    if chars[j] == '['
                        && j + 1 < chars.len()
                        && matches!(chars[j + 1], ':' | '.' | '=')
                    {
                        let close: String = [chars[j + 1], ']'].iter().collect();
                        let rest: String = chars[j..].iter().collect();
                        if let Some(end) = rest.find(&close) {
                            out.push_str(&rest[..end + 2]);
                            j += rest[..end + 2].chars().count();
                            continue;
                        }
                    }
                    if matches!(chars[j], '[' | '\\' | '&' | '~') {
                        out.push('\\');
                    }
                    out.push(chars[j]);
                    j += 1;
                }
                out.push(']');
                i = j + 1;
                continue;
            }
            '{' => {
                let rest: String = chars[i + 1..].iter().collect();
                let is_repetition = rest
                    .find('}')
                    .map(|end| {
                        let inner = &rest[..end];
                        !inner.is_empty()
                            && inner.chars().all(|c| c.is_ascii_digit() || c == ',')
                            && inner.chars().next().is_some_and(|c| c.is_ascii_digit())
                    })
                    .unwrap_or(false);
                if is_repetition && i > 0 {
                    in_repetition = true;
                    out.push('{');
                } else {
                    out.push_str("\\{");
                }
            }
            '}' => {
                if in_repetition {
                    in_repetition = false;
                    out.push('}');
                } else {
                    out.push_str("\\}");
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn compile(pattern: &str, anchored: bool, pos: Pos) -> EvalResult<Rc<Regex>> {
    let key = (pattern.to_string(), anchored);
    if let Some(r) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let translated = translate(pattern);
    // `s`: in POSIX EREs (and so in Nix) `.` matches a newline too.
    let source = if anchored {
        format!("(?s)^(?:{translated})$")
    } else {
        format!("(?s){translated}")
    };
    match Regex::new(&source) {
        Ok(r) => {
            let r = Rc::new(r);
            CACHE.with(|c| c.borrow_mut().insert(key, r.clone()));
            Ok(r)
        }
        Err(_) => err(format!("invalid regular expression '{pattern}'"), pos),
    }
}

fn groups(caps: &regex::Captures) -> Vec<Value> {
    caps.iter()
        .skip(1)
        .map(|g| g.map_or(Value::Null, |m| Value::string(m.as_str())))
        .collect()
}

pub fn match_(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let pattern = m.force_plain_str(&args[0], pos)?;
    let s = m.force_str(&args[1], pos)?;
    let re = compile(&pattern, true, pos)?;
    match re.captures(s.as_str()) {
        Some(caps) => Ok(Value::list(groups(&caps))),
        None => Ok(Value::Null),
    }
}

pub fn split(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let pattern = m.force_plain_str(&args[0], pos)?;
    let s = m.force_str(&args[1], pos)?;
    let re = compile(&pattern, false, pos)?;
    let text = s.as_str();
    let mut out = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches");
        out.push(Value::string(&text[last..whole.start()]));
        out.push(Value::list(groups(&caps)));
        last = whole.end();
    }
    out.push(Value::string(&text[last..]));
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn literal_braces_are_escaped() {
        assert_eq!(translate("a{2}"), "a{2}");
        assert_eq!(translate("{x}"), "\\{x\\}");
        assert_eq!(translate("[[:alpha:]]+"), "[[:alpha:]]+");
        assert_eq!(translate("[]a]"), "[\\]a]");
    }
}
