//! `match` and `split`: POSIX extended regular expressions as CppNix runs them
//! (`std::regex::extended`): patterns are checked and rewritten by `ere.rs`; `match` takes
//! the first alternative that matches the whole string (libstdc++'s choice there too);
//! `split` takes at each position the longest match, as POSIX asks, and walks the string
//! as `std::regex_iterator` does (after an empty match, a non-empty one at the same place,
//! else the next character). Compiled patterns are cached.

mod ere;

use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::*;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, MatchKind};
use rustc_hash::FxHashMap;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// One pattern, compiled for each way it is searched (`split`'s on its first use).
struct Compiled {
    /// The whole string, first alternative first (`match`).
    whole: Regex,
    translated: ere::Translated,
    for_split: OnceCell<Option<ForSplit>>,
}

struct ForSplit {
    /// Where the next match starts (leftmost).
    first: Regex,
    /// How far a match starting at a given place reaches at most (anchored, all matches).
    longest: Regex,
    /// The groups of a match of a known extent, on the string cut at its end: with `$`
    /// when that end is the string's, and with `$` never matching otherwise.
    groups_at_end: Regex,
    groups_inside: Regex,
}

thread_local! {
    static CACHE: RefCell<FxHashMap<String, Rc<Compiled>>> = RefCell::new(FxHashMap::default());
}

/// On bytes, as `std::regex` over `char`: `.` is one byte, and a match may cut a UTF-8
/// sequence.
fn build(pattern: &str, kind: MatchKind) -> Option<Regex> {
    Regex::builder()
        .configure(Regex::config().match_kind(kind).utf8_empty(false))
        .syntax(
            regex_automata::util::syntax::Config::new()
                .unicode(false)
                .utf8(false),
        )
        .build(pattern)
        .ok()
}

fn invalid<T>(pattern: &str, pos: Pos) -> EvalResult<T> {
    err(format!("invalid regular expression '{pattern}'"), pos)
}

// `(?s)`: in POSIX EREs (and so in Nix) `.` matches a newline too.
fn compile(pattern: &str, pos: Pos) -> EvalResult<Rc<Compiled>> {
    if let Some(r) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(r);
    }
    let Some(translated) = ere::translate(pattern.as_bytes()) else {
        return invalid(pattern, pos);
    };
    let whole = format!(r"(?s)^(?:{})\z", translated.with_end);
    let Some(whole) = build(&whole, MatchKind::LeftmostFirst) else {
        return invalid(pattern, pos);
    };
    let compiled = Rc::new(Compiled {
        whole,
        translated,
        for_split: OnceCell::new(),
    });
    CACHE.with(|c| c.borrow_mut().insert(pattern.to_string(), compiled.clone()));
    Ok(compiled)
}

impl Compiled {
    fn for_split(&self) -> Option<&ForSplit> {
        self.for_split
            .get_or_init(|| {
                let t = &self.translated;
                Some(ForSplit {
                    first: build(&format!("(?s){}", t.with_end), MatchKind::LeftmostFirst)?,
                    longest: build(&format!("(?s){}", t.with_end), MatchKind::All)?,
                    groups_at_end: build(
                        &format!(r"(?s)(?:{})\z", t.with_end),
                        MatchKind::LeftmostFirst,
                    )?,
                    groups_inside: build(
                        &format!(r"(?s)(?:{})\z", t.without_end),
                        MatchKind::LeftmostFirst,
                    )?,
                })
            })
            .as_ref()
    }
}

fn piece(text: &[u8]) -> Value {
    Value::String(NixString::from_bytes(text.to_vec(), None))
}

fn groups(caps: &Captures, text: &[u8]) -> Vec<Value> {
    (1..caps.group_len())
        .map(|i| {
            caps.get_group(i)
                .map_or(Value::Null, |s| piece(&text[s.range()]))
        })
        .collect()
}

pub fn match_(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let pattern = m.force_plain_str(&args[0], pos)?;
    let s = m.force_str(&args[1], pos)?;
    let re = compile(&pattern, pos)?;
    let text = s.as_bytes();
    let mut caps = re.whole.create_captures();
    re.whole.captures(text, &mut caps);
    Ok(if caps.is_match() {
        Value::list(groups(&caps, text))
    } else {
        Value::Null
    })
}

/// The longest match starting exactly at `at`, if any: its end.
fn longest_at(re: &ForSplit, text: &[u8], at: usize) -> Option<usize> {
    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
    re.longest.find(input).map(|m| m.end())
}

/// The groups of the match that spans `start..end`.
fn groups_of(re: &ForSplit, text: &[u8], start: usize, end: usize) -> Vec<Value> {
    let cut = &text[..end];
    let regex = if end == text.len() {
        &re.groups_at_end
    } else {
        &re.groups_inside
    };
    let mut caps = regex.create_captures();
    regex.search_captures(
        &Input::new(cut).range(start..).anchored(Anchored::Yes),
        &mut caps,
    );
    groups(&caps, text)
}

pub fn split(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let pattern = m.force_plain_str(&args[0], pos)?;
    let s = m.force_str(&args[1], pos)?;
    let compiled = compile(&pattern, pos)?;
    let Some(re) = compiled.for_split() else {
        return invalid(&pattern, pos);
    };
    let text = s.as_bytes();
    let mut out = Vec::new();
    let mut last = 0;
    let mut from = 0;
    // After an empty match: a non-empty one must start right there, else search on from
    // the next character.
    let mut after_empty = false;
    while from <= text.len() {
        let found = if after_empty {
            match longest_at(re, text, from).filter(|&end| end > from) {
                Some(end) => Some((from, end)),
                None => {
                    if from == text.len() {
                        break;
                    }
                    from += 1;
                    after_empty = false;
                    continue;
                }
            }
        } else {
            re.first
                .find(Input::new(text).range(from..))
                .and_then(|m| Some((m.start(), longest_at(re, text, m.start())?)))
        };
        let Some((start, end)) = found else {
            break;
        };
        out.push(piece(&text[last..start]));
        out.push(Value::list(groups_of(re, text, start, end)));
        last = end;
        from = end;
        after_empty = start == end;
    }
    out.push(piece(&text[last..]));
    Ok(Value::list(out))
}
