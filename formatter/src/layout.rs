//! The layout engine (nixfmt's `layoutGreedy`): prints a [`Doc`] greedily, each group on
//! one line if it fits together with what must follow it on that line, expanded otherwise.
//! Columns count characters, and the indentation of a line does not count.

use crate::doc::{Doc, DocE, GroupAnn, Spacing, TextAnn, merge, width};

/// A run of documents; `true`: read in compact form (nixfmt's `unexpandSpacing`: its own
/// lines are spaces, its breaks nothing; nested groups untouched).
type Seg<'a> = (&'a [DocE], bool);

/// The documents still to print after the current one: a chain of runs, so that looking
/// ahead never copies.
#[derive(Clone, Copy)]
struct Rest<'a> {
    segs: &'a [Seg<'a>],
    tail: Option<&'a Rest<'a>>,
}

static HARDSPACE: DocE = DocE::Spacing(Spacing::Hardspace);

/// A stack of runs, inline while short: cursors are made for every lookahead.
#[derive(Clone)]
struct Stack<'a> {
    inline: [Seg<'a>; 8],
    len: usize,
    spill: Vec<Seg<'a>>,
}

impl<'a> Stack<'a> {
    fn new() -> Self {
        Stack {
            inline: [(&[], false); 8],
            len: 0,
            spill: Vec::new(),
        }
    }

    fn push(&mut self, s: Seg<'a>) {
        if self.len < self.inline.len() {
            self.inline[self.len] = s;
            self.len += 1;
        } else {
            self.spill.push(s);
        }
    }

    fn pop(&mut self) {
        if self.spill.pop().is_none() {
            self.len -= 1;
        }
    }

    fn last(&self) -> Option<&Seg<'a>> {
        self.spill.last().or(self.inline[..self.len].last())
    }

    fn last_mut(&mut self) -> Option<&mut Seg<'a>> {
        match self.spill.last_mut() {
            Some(s) => Some(s),
            None => self.inline[..self.len].last_mut(),
        }
    }

    fn extend(&mut self, segs: impl Iterator<Item = Seg<'a>>) {
        for s in segs {
            self.push(s);
        }
    }
}

/// Walks a [`Rest`] (or a few runs), descending into groups on request.
#[derive(Clone)]
struct Cursor<'a> {
    stack: Stack<'a>,
    rest: Option<&'a Rest<'a>>,
}

impl<'a> Cursor<'a> {
    fn of(doc: &'a [DocE]) -> Self {
        Cursor {
            stack: {
                let mut s = Stack::new();
                s.push((doc, false));
                s
            },
            rest: None,
        }
    }

    fn of_runs(runs: &[&'a [DocE]]) -> Self {
        Cursor {
            stack: {
                let mut s = Stack::new();
                s.extend(runs.iter().rev().map(|r| (*r, false)));
                s
            },
            rest: None,
        }
    }

    fn of_rest(rest: Option<&'a Rest<'a>>) -> Self {
        Cursor {
            stack: Stack::new(),
            rest,
        }
    }

    fn refill(&mut self) -> bool {
        loop {
            match self.stack.last() {
                Some((top, _)) if !top.is_empty() => return true,
                Some(_) => {
                    self.stack.pop();
                }
                None => match self.rest {
                    Some(r) => {
                        self.stack.extend(r.segs.iter().rev().copied());
                        self.rest = r.tail;
                    }
                    None => return false,
                },
            }
        }
    }

    /// The next element at the current level, groups not entered.
    fn next(&mut self) -> Option<&'a DocE> {
        loop {
            if !self.refill() {
                return None;
            }
            let (top, compact) = self.stack.last_mut().expect("refilled");
            let (first, tail) = top.split_first().expect("non-empty");
            *top = tail;
            if !*compact {
                return Some(first);
            }
            match first {
                DocE::Spacing(Spacing::Space | Spacing::Softspace) => return Some(&HARDSPACE),
                DocE::Spacing(Spacing::Break | Spacing::Softbreak) => {}
                other => return Some(other),
            }
        }
    }

    fn peek(&mut self) -> Option<&'a DocE> {
        self.clone().next()
    }

    fn enter(&mut self, inner: &'a [DocE]) {
        self.stack.push((inner, false));
    }

    /// At the start of a line, a group's leading whitespace is dropped (its own, or its
    /// first child group's).
    fn skip_leading_spacing(&mut self) {
        match self.peek() {
            Some(DocE::Spacing(_)) => {
                self.next();
            }
            Some(DocE::Group(_, inner)) if matches!(inner.first(), Some(DocE::Spacing(_))) => {
                self.next();
                self.enter(&inner[1..]);
            }
            _ => {}
        }
    }

    /// The next element with groups flattened and neighbouring spacings merged.
    fn next_flat(&mut self) -> Option<Flat<'a>> {
        loop {
            match self.next()? {
                DocE::Group(_, inner) => self.enter(inner),
                DocE::Spacing(s) => {
                    let mut s = *s;
                    while let Some(DocE::Spacing(t)) = self.peek() {
                        s = merge(s, *t);
                        self.next();
                    }
                    return Some(Flat::Spacing(s));
                }
                DocE::Text(_, _, ann, t) => return Some(Flat::Text(*ann, t)),
            }
        }
    }
}

enum Flat<'a> {
    Text(TextAnn, &'a str),
    Spacing(Spacing),
}

/// Whether `cur` fits in `c` columns when compact; if so its width in characters, and its
/// text appended to `out` when given. `ni` is the indentation of the next line relative to
/// this one, for trailing comments.
fn fits(
    mut ni: isize,
    mut c: isize,
    mut cur: Cursor<'_>,
    mut out: Option<&mut String>,
) -> Option<isize> {
    let mut total = 0;
    let mut put = |out: &mut Option<&mut String>, t: &str| {
        total += width(t) as isize;
        if let Some(out) = out {
            out.push_str(t);
        }
    };
    loop {
        if c < 0 {
            return None;
        }
        let Some(x) = cur.next_flat() else {
            return Some(total);
        };
        match x {
            Flat::Text(TextAnn::Regular, t) => {
                let w = width(t) as isize;
                ni -= w;
                c -= w;
                put(&mut out, t);
            }
            Flat::Text(TextAnn::Comment, t) => put(&mut out, t),
            Flat::Text(TextAnn::TrailingComment, t) => {
                if ni == 0 {
                    put(&mut out, " ");
                }
                put(&mut out, t);
            }
            Flat::Text(TextAnn::Trailing, _) => {}
            Flat::Text(TextAnn::DisableMarker | TextAnn::Verbatim(_) | TextAnn::Raw, _) => {
                return None;
            }
            Flat::Spacing(Spacing::Softbreak | Spacing::Break) => {}
            Flat::Spacing(Spacing::Softspace | Spacing::Space | Spacing::Hardspace) => {
                put(&mut out, " ");
                ni -= 1;
                c -= 1;
            }
            Flat::Spacing(_) => return None,
        }
    }
}

/// The width of the first line of `cur` when every group is expanded.
fn first_line_width(mut cur: Cursor<'_>) -> isize {
    let mut w = 0;
    while let Some(x) = cur.next_flat() {
        match x {
            Flat::Text(TextAnn::Comment | TextAnn::TrailingComment, _) => {}
            Flat::Text(_, t) => w += width(t) as isize,
            Flat::Spacing(Spacing::Hardspace) => w += 1,
            Flat::Spacing(_) => break,
        }
    }
    w
}

/// Whether the first line of `cur` fits in `target` columns, with groups that fit in
/// `max` columns kept compact.
fn first_line_fits(target: isize, max: isize, mut cur: Cursor<'_>) -> bool {
    let mut c = max;
    loop {
        if c < 0 {
            return false;
        }
        let Some(x) = cur.next() else {
            return max - c <= target;
        };
        match x {
            DocE::Text(_, _, TextAnn::Regular, t) => c -= width(t) as isize,
            DocE::Text(_, _, TextAnn::Verbatim(_), _) => return max - c <= target,
            DocE::Text(..) => {}
            DocE::Spacing(s) => {
                let mut s = *s;
                while let Some(DocE::Spacing(t)) = cur.peek() {
                    s = merge(s, *t);
                    cur.next();
                }
                if s == Spacing::Hardspace {
                    c -= 1;
                } else {
                    return max - c <= target;
                }
            }
            DocE::Group(_, ys) => {
                let after = first_line_width(cur.clone());
                match fits(0, c - after, Cursor::of(ys), None) {
                    Some(w) => c -= w,
                    None => cur.enter(ys),
                }
            }
        }
    }
}

/// Nesting level and offset of the first text (looking into the first group only).
fn next_indent(mut cur: Cursor<'_>) -> (u32, u32) {
    while let Some(x) = cur.next() {
        match x {
            DocE::Text(i, o, _, _) => return (*i, *o),
            DocE::Group(_, xs) => return next_indent(Cursor::of(xs)),
            DocE::Spacing(_) => {}
        }
    }
    (0, 0)
}

/// A priority child of a group, with the runs before and after it.
struct Priority<'a> {
    pre: Vec<&'a [DocE]>,
    prio: &'a [DocE],
    post: Vec<&'a [DocE]>,
}

/// A group's priority children, in order; transparent groups are looked through.
fn priority_groups<'a>(ys: &'a [DocE]) -> Vec<Priority<'a>> {
    /// Runs of the content, `Some(inner)` for a priority child.
    fn segments<'b>(ys: &'b [DocE], out: &mut Vec<(Option<&'b [DocE]>, &'b [DocE])>) {
        let mut start = 0;
        for (i, y) in ys.iter().enumerate() {
            match y {
                DocE::Group(GroupAnn::Priority, inner) => {
                    out.push((None, &ys[start..i]));
                    out.push((Some(inner), &[]));
                    start = i + 1;
                }
                DocE::Group(GroupAnn::Transparent, inner) => {
                    out.push((None, &ys[start..i]));
                    segments(inner, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.push((None, &ys[start..]));
    }
    let mut segs = Vec::new();
    segments(ys, &mut segs);
    let runs = |segs: &[(Option<&'a [DocE]>, &'a [DocE])]| -> Vec<&'a [DocE]> {
        segs.iter()
            .map(|(p, run)| p.unwrap_or(run))
            .filter(|r| !r.is_empty())
            .collect()
    };
    segs.iter()
        .enumerate()
        .filter_map(|(i, (p, _))| {
            p.map(|prio| Priority {
                pre: runs(&segs[..i]),
                prio,
                post: runs(&segs[i + 1..]),
            })
        })
        .collect()
}

struct Printer {
    /// Target width and indentation width.
    tw: isize,
    iw: u32,
    out: String,
    /// Column in the current line, indentation not counted.
    cc: isize,
    /// (indentation, nesting level) of the enclosing lines; never empty.
    indents: Vec<(u32, u32)>,
    /// Inside a format-disabled region: nothing is printed.
    suppress: bool,
    /// A buffer reused for compact renderings.
    scratch: String,
}

struct Snapshot {
    out: usize,
    cc: isize,
    indents: Vec<(u32, u32)>,
    suppress: bool,
}

impl Printer {
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            out: self.out.len(),
            cc: self.cc,
            indents: self.indents.clone(),
            suppress: self.suppress,
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.out.truncate(s.out);
        self.cc = s.cc;
        self.indents = s.indents;
        self.suppress = s.suppress;
    }

    fn emit(&mut self, t: &str) {
        if !self.suppress {
            self.out.push_str(t);
        }
    }

    fn top(&self) -> (u32, u32) {
        *self
            .indents
            .last()
            .expect("indentation stack is never empty")
    }

    fn put_text(&mut self, with_indent: bool, nl: u32, off: u32, t: &str) {
        loop {
            let (ci, top_nl) = self.top();
            if nl > top_nl {
                let ci = if self.cc == 0 { ci + self.iw } else { ci };
                self.indents.push((ci, nl));
                break;
            } else if nl < top_nl && self.indents.len() > 1 {
                self.indents.pop();
            } else {
                break;
            }
        }
        let (ci, _) = self.top();
        let cc = self.cc;
        let w = width(t) as isize;
        self.cc = if with_indent { cc + w } else { (cc + w).max(1) };
        if cc == 0 && with_indent && !self.suppress {
            self.out
                .extend(std::iter::repeat_n(' ', (ci + off) as usize));
        }
        self.emit(t);
    }

    fn put_plain(&mut self, t: &str) {
        self.cc += width(t) as isize;
        self.emit(t);
    }

    fn newlines(&mut self, n: u32) {
        self.cc = 0;
        if !self.suppress {
            self.out.extend(std::iter::repeat_n('\n', n as usize));
        }
    }

    fn go(&mut self, docs: &[DocE], rest: Option<&Rest<'_>>) {
        for (i, x) in docs.iter().enumerate() {
            let segs = [(&docs[i + 1..], false)];
            let after = Rest {
                segs: &segs,
                tail: rest,
            };
            self.go_one(x, &after);
        }
    }

    fn go_one(&mut self, x: &DocE, rest: &Rest<'_>) {
        let needs_indent = self.cc == 0;
        match x {
            DocE::Text(_, _, TextAnn::TrailingComment, t)
                if self.cc == 2 && next_indent(Cursor::of_rest(Some(rest))).0 > self.top().1 =>
            {
                self.put_plain(" ");
                self.put_plain(t);
            }
            DocE::Text(_, _, TextAnn::DisableMarker, _) => self.suppress = true,
            DocE::Text(nl, off, TextAnn::Raw, t) => self.put_text(false, *nl, *off, t),
            DocE::Text(_, _, TextAnn::Verbatim(_), t) => {
                let was_suppressed = self.suppress;
                self.suppress = false;
                let last_line = t.rsplit('\n').next().unwrap_or("");
                self.cc = width(last_line) as isize;
                if !(needs_indent || was_suppressed) {
                    self.out.push('\n');
                }
                self.out.push_str(t);
            }
            DocE::Text(nl, off, _, t) => self.put_text(true, *nl, *off, t),
            DocE::Spacing(_) if needs_indent => {}
            DocE::Spacing(sp) => match sp {
                Spacing::Break | Spacing::Space | Spacing::Hardline => self.newlines(1),
                Spacing::Hardspace => self.put_plain(" "),
                Spacing::Emptyline => self.newlines(2),
                Spacing::Newlines(n) => self.newlines(*n),
                Spacing::Softbreak => {
                    if !first_line_fits(self.tw - self.cc, self.tw, Cursor::of_rest(Some(rest))) {
                        self.newlines(1)
                    }
                }
                Spacing::Softspace => {
                    if first_line_fits(self.tw - self.cc - 1, self.tw, Cursor::of_rest(Some(rest)))
                    {
                        self.put_plain(" ")
                    } else {
                        self.newlines(1)
                    }
                }
            },
            DocE::Group(ann, ys) => {
                if self.go_group(Cursor::of(ys), Some(rest)) {
                    return;
                }
                if *ann != GroupAnn::Transparent {
                    for p in priority_groups(ys).iter().rev() {
                        if self.go_priority_group(p, rest) {
                            return;
                        }
                    }
                }
                self.go(ys, Some(rest));
            }
        }
    }

    /// Tries the layout where only `p.prio` expands: what is before it must fit on the
    /// current line, and what is after it on the line where it ends.
    fn go_priority_group(&mut self, p: &Priority<'_>, rest: &Rest<'_>) -> bool {
        let snap = self.snapshot();
        let mut segs: Vec<Seg<'_>> = vec![(p.prio, false)];
        segs.extend(p.post.iter().map(|r| (*r, false)));
        let after_pre = Rest {
            segs: &segs,
            tail: Some(rest),
        };
        if !self.go_group(Cursor::of_runs(&p.pre), Some(&after_pre)) {
            self.restore(snap);
            return false;
        }
        // What follows will be compact: the lookahead must see it so.
        let compact: Vec<Seg<'_>> = p.post.iter().map(|r| (*r, true)).collect();
        self.go(
            p.prio,
            Some(&Rest {
                segs: &compact,
                tail: Some(rest),
            }),
        );
        if !self.go_group(Cursor::of_runs(&p.post), Some(rest)) {
            self.restore(snap);
            return false;
        }
        true
    }

    /// Prints `grp` on the current line if it fits together with the start of `rest`.
    fn go_group(&mut self, mut grp: Cursor<'_>, rest: Option<&Rest<'_>>) -> bool {
        if grp.peek().is_none() {
            return true;
        }
        let rest_width = first_line_width(Cursor::of_rest(rest));
        let rest_indent = next_indent(Cursor::of_rest(rest)).0;
        if self.cc == 0 {
            grp.skip_leading_spacing();
            let (nl, off) = next_indent(grp.clone());
            let last_nl = self.top().1;
            let line_nl = last_nl + if nl > last_nl { self.iw } else { 0 };
            let will_increase = if rest_indent > line_nl {
                self.iw as isize
            } else {
                0
            };
            // Measured first, printed only when it fits: most attempts fail.
            if fits(will_increase, self.tw - rest_width, grp.clone(), None).is_none() {
                return false;
            }
            let mut t = std::mem::take(&mut self.scratch);
            t.clear();
            fits(will_increase, self.tw - rest_width, grp, Some(&mut t));
            self.put_text(true, nl, off, &t);
            self.scratch = t;
            true
        } else {
            let will_increase = if rest_indent > self.top().1 {
                self.iw as isize
            } else {
                0
            };
            let (ni, c) = (will_increase - self.cc, self.tw - self.cc - rest_width);
            let Some(w) = fits(ni, c, grp.clone(), None) else {
                return false;
            };
            self.cc += w;
            if !self.suppress {
                fits(ni, c, grp, Some(&mut self.out));
            }
            true
        }
    }
}

/// Prints a fixed-up document at `width` columns with `indent`-space indentation, every
/// line indented by `base` more (for a fragment formatted in place).
pub fn layout(doc: Doc, width: usize, indent: usize, base: usize) -> String {
    let mut p = Printer {
        tw: width as isize,
        iw: indent as u32,
        out: String::new(),
        cc: 0,
        indents: vec![(base as u32, 0)],
        suppress: false,
        scratch: String::new(),
    };
    let top = [DocE::Group(GroupAnn::Regular, doc)];
    p.go(&top, None);
    p.out
}

/// Whether the document ends with a disabled region that runs to the end of the file.
pub fn ends_with_eof_region(doc: &[DocE]) -> bool {
    for e in doc.iter().rev() {
        match e {
            DocE::Spacing(_) => continue,
            DocE::Text(_, _, TextAnn::Verbatim(true), _) => return true,
            DocE::Group(_, inner) => return ends_with_eof_region(inner),
            _ => return false,
        }
    }
    false
}
