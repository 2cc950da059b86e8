//! The document IR (nixfmt's `Predoc`): text, spacings and groups. The rules build a `Doc`;
//! `layout.rs` decides which spacings become line breaks. Nothing here knows about Nix.

use std::collections::VecDeque;

/// Kinds of whitespace, ordered: when two meet, the larger wins (see [`merge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spacing {
    /// A line break or nothing, decided line by line.
    Softbreak,
    /// A line break or nothing, decided by the enclosing group.
    Break,
    /// Always a space.
    Hardspace,
    /// A line break or a space, decided line by line.
    Softspace,
    /// A line break or a space, decided by the enclosing group.
    Space,
    Hardline,
    Emptyline,
    Newlines(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupAnn {
    Regular,
    /// Expanded first when the enclosing group does not fit (see `layout.rs`).
    Priority,
    /// A group whose priority children belong to its parent.
    Transparent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAnn {
    Regular,
    /// Does not count towards the width.
    Comment,
    /// A `# …` after code on its line.
    TrailingComment,
    /// Printed only when its group is expanded (a trailing comma).
    Trailing,
    /// Starts a format-disabled region: nothing is printed until the verbatim text.
    DisableMarker,
    /// The raw text of a disabled region (`true`: up to the end of the file).
    Verbatim(bool),
    /// Printed as is, without indentation.
    Raw,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocE {
    /// Nesting level, extra offset, kind, text.
    Text(u32, u32, TextAnn, String),
    Spacing(Spacing),
    Group(GroupAnn, Doc),
}

pub type Doc = Vec<DocE>;

pub fn text(t: impl Into<String>) -> Doc {
    let t = t.into();
    if t.is_empty() {
        vec![]
    } else {
        vec![DocE::Text(0, 0, TextAnn::Regular, t)]
    }
}

pub fn ann_text(ann: TextAnn, t: impl Into<String>) -> Doc {
    let t = t.into();
    if t.is_empty()
        && !matches!(
            ann,
            TextAnn::DisableMarker | TextAnn::Verbatim(_) | TextAnn::Raw
        )
    {
        vec![]
    } else {
        vec![DocE::Text(0, 0, ann, t)]
    }
}

pub fn comment(t: impl Into<String>) -> Doc {
    ann_text(TextAnn::Comment, t)
}

// Single elements, which `cat!` takes without a vector of their own.

pub fn spacing(s: Spacing) -> DocE {
    DocE::Spacing(s)
}
pub fn softline_() -> DocE {
    spacing(Spacing::Softbreak)
}
pub fn line_() -> DocE {
    spacing(Spacing::Break)
}
pub fn softline() -> DocE {
    spacing(Spacing::Softspace)
}
pub fn line() -> DocE {
    spacing(Spacing::Space)
}
pub fn hardspace() -> DocE {
    spacing(Spacing::Hardspace)
}
pub fn hardline() -> DocE {
    spacing(Spacing::Hardline)
}
pub fn emptyline() -> DocE {
    spacing(Spacing::Emptyline)
}
pub fn newline() -> DocE {
    spacing(Spacing::Newlines(1))
}

/// A regular group.
pub fn group(d: impl Part) -> DocE {
    group_(GroupAnn::Regular, d)
}

pub fn group_(ann: GroupAnn, d: impl Part) -> DocE {
    DocE::Group(ann, d.into_doc())
}

/// Raises the nesting level of every text in `d` by one.
pub fn nest(d: impl Part) -> Doc {
    let mut d = d.into_doc();
    fn go(d: &mut Doc) {
        for e in d {
            match e {
                DocE::Text(i, ..) => *i += 1,
                DocE::Group(_, inner) => go(inner),
                DocE::Spacing(_) => {}
            }
        }
    }
    go(&mut d);
    d
}

/// Adds a fixed offset to every text in `d` (indented-string lines keep their columns).
pub fn offset(level: u32, d: impl Part) -> Doc {
    let mut d = d.into_doc();
    fn go(level: u32, d: &mut Doc) {
        for e in d {
            match e {
                DocE::Text(_, o, ..) => *o += level,
                DocE::Group(_, inner) => go(level, inner),
                DocE::Spacing(_) => {}
            }
        }
    }
    if level > 0 {
        go(level, &mut d);
    }
    d
}

/// `outside <> inner <> outside`.
pub fn surround(outside: &DocE, inner: impl Part) -> Doc {
    let mut d = vec![outside.clone()];
    inner.push_into(&mut d);
    d.push(outside.clone());
    d
}

pub fn sep_by(sep: &DocE, items: impl IntoIterator<Item = Doc>) -> Doc {
    let mut d = Doc::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            d.push(sep.clone());
        }
        Part::push_into(item, &mut d);
    }
    d
}

/// Concatenates documents and single elements: `cat![a, line(), b]`.
#[macro_export]
macro_rules! cat {
    ($($d:expr),* $(,)?) => {{
        let mut d: $crate::doc::Doc = Vec::new();
        $($crate::doc::Part::push_into($d, &mut d);)*
        d
    }};
}

/// What `cat!` concatenates.
pub trait Part: Sized {
    fn push_into(self, d: &mut Doc);

    fn into_doc(self) -> Doc {
        let mut d = Doc::new();
        self.push_into(&mut d);
        d
    }
}

impl Part for Doc {
    fn push_into(self, d: &mut Doc) {
        // The first piece lends its buffer.
        if d.is_empty() {
            *d = self;
        } else {
            d.extend(self);
        }
    }
}

impl Part for DocE {
    fn push_into(self, d: &mut Doc) {
        d.push(self);
    }
}

/// One element or a document: what a token prints as, with no vector for the usual lone
/// token.
pub enum Piece {
    One(DocE),
    Many(Doc),
}

impl Part for Piece {
    fn push_into(self, d: &mut Doc) {
        match self {
            Piece::One(e) => d.push(e),
            Piece::Many(m) => m.push_into(d),
        }
    }
}

impl<T: Part> Part for Option<T> {
    fn push_into(self, d: &mut Doc) {
        if let Some(x) = self {
            x.push_into(d);
        }
    }
}

pub fn is_hard(e: &DocE) -> bool {
    matches!(
        e,
        DocE::Spacing(
            Spacing::Hardspace | Spacing::Hardline | Spacing::Emptyline | Spacing::Newlines(_)
        )
    )
}

/// Comments, or groups made of comments and hard spacing only.
pub fn is_comment(e: &DocE) -> bool {
    match e {
        DocE::Text(_, _, TextAnn::Comment | TextAnn::TrailingComment, _) => true,
        DocE::Group(_, inner) => inner.iter().all(|x| is_comment(x) || is_hard(x)),
        _ => false,
    }
}

fn is_verbatim(e: &DocE) -> bool {
    matches!(e, DocE::Text(_, _, TextAnn::Verbatim(_), _))
}

pub fn merge(a: Spacing, b: Spacing) -> Spacing {
    use Spacing::*;
    let (x, y) = if a > b { (b, a) } else { (a, b) };
    match (x, y) {
        (Break, Softspace) => Space,
        (Break, Hardspace) => Space,
        (Softbreak, Hardspace) => Softspace,
        (Newlines(x), Newlines(y)) => Newlines(x + y),
        (Emptyline, Newlines(n)) => Newlines(n + 2),
        (Hardspace, Newlines(n)) => Newlines(n),
        (_, Newlines(n)) => Newlines(n + 1),
        (_, y) => y,
    }
}

/// The compact form of a document: spaces for lines, nothing for breaks. `None` if it
/// holds a hard line break, a raw text or a disabled region, or is wider than `limit`.
pub fn unexpand(limit: Option<usize>, d: &[DocE]) -> Option<Doc> {
    fn go(limit: &mut Option<isize>, d: &[DocE], out: &mut Doc) -> bool {
        for e in d {
            if limit.is_some_and(|n| n < 0) {
                return false;
            }
            match e {
                DocE::Text(
                    _,
                    _,
                    TextAnn::DisableMarker | TextAnn::Verbatim(_) | TextAnn::Raw,
                    _,
                ) => {
                    return false;
                }
                DocE::Text(_, _, _, t) => {
                    if let Some(n) = limit {
                        *n -= width(t) as isize;
                    }
                    out.push(e.clone());
                }
                DocE::Spacing(Spacing::Hardspace | Spacing::Space | Spacing::Softspace) => {
                    if let Some(n) = limit {
                        *n -= 1;
                    }
                    out.push(DocE::Spacing(Spacing::Hardspace));
                }
                DocE::Spacing(Spacing::Break | Spacing::Softbreak) => {}
                DocE::Spacing(_) => return false,
                DocE::Group(_, inner) => {
                    if !go(limit, inner, out) {
                        return false;
                    }
                }
            }
        }
        !limit.is_some_and(|n| n < 0)
    }
    let mut limit = limit.map(|n| n as isize);
    let mut out = Doc::new();
    go(&mut limit, d, &mut out).then_some(out)
}

/// Width in characters, as nixfmt counts it.
pub fn width(t: &str) -> usize {
    if t.is_ascii() {
        t.len()
    } else {
        t.chars().count()
    }
}

fn simplify_group(ann: GroupAnn, mut body: Doc) -> Doc {
    match body.as_mut_slice() {
        [DocE::Group(ann2, inner)] if *ann2 == ann => std::mem::take(inner),
        _ => body,
    }
}

/// nixfmt's `fixup`: merges neighbouring spacings and texts, and moves hard spacing and
/// comments out of the edges of groups, where they would wrongly force an expansion.
pub fn fixup(d: Doc) -> Doc {
    let mut out = Doc::with_capacity(d.len());
    let mut input: VecDeque<DocE> = d.into();
    while let Some(x) = input.pop_front() {
        match x {
            DocE::Spacing(a) => match input.front() {
                Some(DocE::Spacing(b)) => {
                    let b = *b;
                    input[0] = DocE::Spacing(merge(a, b));
                }
                Some(DocE::Group(..)) if a == Spacing::Hardspace => {
                    let Some(DocE::Group(ann, mut xs)) = input.pop_front() else {
                        unreachable!()
                    };
                    xs.insert(0, DocE::Spacing(Spacing::Hardspace));
                    input.push_front(DocE::Group(ann, xs));
                }
                Some(DocE::Group(..)) => {
                    let Some(DocE::Group(ann, xs)) = input.pop_front() else {
                        unreachable!()
                    };
                    place_group(Some(a), ann, xs, &mut input, &mut out);
                }
                _ => out.push(DocE::Spacing(a)),
            },
            DocE::Text(level, off, ann, mut a) => {
                while let Some(DocE::Text(_, _, ann2, b)) = input.front() {
                    if *ann2 != ann {
                        break;
                    }
                    a.push_str(b);
                    input.pop_front();
                }
                out.push(DocE::Text(level, off, ann, a));
            }
            DocE::Group(ann, xs) => place_group(None, ann, xs, &mut input, &mut out),
        }
    }
    out
}

fn push_front_all(input: &mut VecDeque<DocE>, docs: Doc) {
    for e in docs.into_iter().rev() {
        input.push_front(e);
    }
}

/// A group (after the spacing `lead`, if any): what may leave it goes before or after it,
/// and an empty group dissolves.
fn place_group(
    lead: Option<Spacing>,
    ann: GroupAnn,
    xs: Doc,
    input: &mut VecDeque<DocE>,
    out: &mut Doc,
) {
    let (pre, body, post) = split_group(ann, xs);
    if body.is_empty() {
        push_front_all(input, post);
        push_front_all(input, pre);
        if let Some(s) = lead {
            input.push_front(DocE::Spacing(s));
        }
        return;
    }
    if pre.is_empty() {
        // A lone spacing is already fixed up.
        out.extend(lead.map(DocE::Spacing));
    } else {
        let mut head: Doc = lead.map(DocE::Spacing).into_iter().collect();
        head.extend(pre);
        out.extend(fixup(head));
    }
    out.push(DocE::Group(ann, body));
    push_front_all(input, post);
}

/// Fixes up a group's content and splits off what may leave it: leading hard spacing and
/// comments, trailing hard spacing.
fn split_group(ann: GroupAnn, xs: Doc) -> (Doc, Doc, Doc) {
    let mut body = fixup(xs);
    let pre_len = body
        .iter()
        .take_while(|x| is_hard(x) || is_comment(x) || is_verbatim(x))
        .count();
    // Usually nothing leaves the group: no copies then.
    let pre = if pre_len == 0 {
        Vec::new()
    } else {
        body.drain(..pre_len).collect()
    };
    let post_len = body.iter().rev().take_while(|x| is_hard(x)).count();
    let post = if post_len == 0 {
        Vec::new()
    } else {
        body.split_off(body.len() - post_len)
    };
    (pre, simplify_group(ann, body), post)
}

/// A disable marker with no verbatim text after it (possible in a fragment formatted on
/// its own) becomes a plain comment, so that it suppresses nothing.
pub fn remove_unmatched_disables(d: Doc) -> Doc {
    fn count(d: &[DocE]) -> usize {
        d.iter()
            .map(|e| match e {
                DocE::Text(_, _, TextAnn::Verbatim(_), _) => 1,
                DocE::Group(_, inner) => count(inner),
                _ => 0,
            })
            .sum()
    }
    fn go(d: Doc, left: &mut usize) -> Doc {
        let mut out = Doc::with_capacity(d.len());
        for e in d {
            match e {
                DocE::Text(i, o, TextAnn::DisableMarker, _) if *left == 0 => {
                    out.push(DocE::Text(
                        i,
                        o,
                        TextAnn::Comment,
                        "/*nixfmt:disable*/".into(),
                    ));
                    out.push(DocE::Spacing(Spacing::Hardline));
                }
                e @ DocE::Text(_, _, TextAnn::Verbatim(_), _) => {
                    *left -= 1;
                    out.push(e);
                }
                DocE::Group(ann, inner) => out.push(DocE::Group(ann, go(inner, left))),
                e => out.push(e),
            }
        }
        out
    }
    let mut left = count(&d);
    go(d, &mut left)
}
