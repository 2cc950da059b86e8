//! The formatter's own view of a file: nixfmt's AST shape (`Nixfmt.Types`), with every
//! token annotated by the comments around it. RFC 166's rules are written against this
//! shape, so keeping it lets the rules follow nixfmt's one for one.

/// One piece of trivia before a token, after normalisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trivium {
    /// At least one blank line.
    EmptyLine,
    /// `#` and the text after it (`# x` is `" x"`); one-line `/* */` comments become these.
    LineComment(String),
    /// A multi-line `/* */` (`true`: `/** */`), one entry a line, indentation stripped.
    BlockComment(bool, Vec<String>),
    /// `/* lua */` right before a string.
    LanguageAnnotation(String),
    /// A format directive (see `directives.rs`).
    Directive(Directive),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Directive {
    /// `/*nixfmt:disable*/` opening a region.
    Disable,
    /// The raw text of a region left open until the end of the file.
    DisabledToEof(String),
    /// `/*nixfmt:enable*/`, with the raw text of the region it closes.
    Enable(Option<String>),
}

pub type Trivia = Vec<Trivium>;

/// What nixfmt keeps around every token: comments before it, its source line (the only
/// input-dependent layout choice) and a comment after it on the same line.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub pre: Trivia,
    pub line: u32,
    pub trail: Option<String>,
}

impl Meta {
    pub fn is_lone(&self) -> bool {
        self.pre.is_empty() && self.trail.is_none()
    }

    /// nixfmt's `moveTrailingCommentUp`: the comment after the token goes before it.
    pub fn move_trailing_up(&mut self) {
        if let Some(c) = self.trail.take() {
            self.pre.push(Trivium::LineComment(format!(" {c}")));
        }
    }
}

#[derive(Clone, Debug)]
pub struct Ann<T> {
    pub meta: Meta,
    pub value: T,
}

/// A token: its kind decides a few rules, its text is printed as is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Ident,
    Integer,
    Float,
    EnvPath,
    Other,
}

pub type Leaf = Ann<(Tok, String)>;

impl Leaf {
    pub fn text(&self) -> &str {
        &self.value.1
    }
    pub fn tok(&self) -> Tok {
        self.value.0
    }
}

#[derive(Clone, Debug)]
pub enum StringPart {
    Text(String),
    Interpolation(Box<Whole>),
}

/// Lines of a string, each a list of parts.
pub type StrLines = Vec<Vec<StringPart>>;

#[derive(Clone, Debug)]
pub struct Whole {
    pub expr: Expr,
    pub trivia: Trivia,
}

#[derive(Clone, Debug)]
pub enum SimpleSelector {
    Id(Leaf),
    Interpol(Ann<StringPart>),
    Str(Ann<StrLines>),
}

#[derive(Clone, Debug)]
pub struct Selector {
    pub dot: Option<Leaf>,
    pub sel: SimpleSelector,
}

#[derive(Clone, Debug)]
pub enum Binder {
    Inherit(Leaf, Option<Term>, Vec<SimpleSelector>, Leaf),
    Assignment(Vec<Selector>, Leaf, Expr, Leaf),
}

#[derive(Clone, Debug)]
pub enum Item<T> {
    Item(T),
    Comments(Trivia),
}

#[derive(Clone, Debug)]
pub enum Term {
    Token(Leaf),
    SimpleString(Ann<StrLines>),
    /// The indentation a disabled region keeps, if one cuts through the string.
    IndentedString(Option<String>, Ann<StrLines>),
    Path(Ann<Vec<StringPart>>),
    List(Leaf, Vec<Item<Term>>, Leaf),
    Set(Option<Leaf>, Leaf, Vec<Item<Binder>>, Leaf),
    Selection(Box<Term>, Vec<Selector>, Option<(Leaf, Box<Term>)>),
    Parenthesized(Leaf, Box<Expr>, Leaf),
}

#[derive(Clone, Debug)]
pub enum ParamAttr {
    Attr(Leaf, Option<(Leaf, Box<Expr>)>, Option<Leaf>),
    Ellipsis(Leaf),
}

#[derive(Clone, Debug)]
pub enum Param {
    Id(Leaf),
    Set(Leaf, Vec<ParamAttr>, Leaf),
    Context(Box<Param>, Leaf, Box<Param>),
}

#[derive(Clone, Debug)]
pub enum Expr {
    Term(Term),
    With(Leaf, Box<Expr>, Leaf, Box<Expr>),
    Let(Leaf, Vec<Item<Binder>>, Leaf, Box<Expr>),
    Assert(Leaf, Box<Expr>, Leaf, Box<Expr>),
    If(Leaf, Box<Expr>, Leaf, Box<Expr>, Leaf, Box<Expr>),
    Abstraction(Param, Leaf, Box<Expr>),
    Application(Box<Expr>, Box<Expr>),
    Operation(Box<Expr>, Leaf, Box<Expr>),
    MemberCheck(Box<Expr>, Leaf, Vec<Selector>),
    Negation(Leaf, Box<Expr>),
    Inversion(Leaf, Box<Expr>),
}

// First and last tokens, at any depth (nixfmt's `mapFirstToken` / `mapLastToken'`).

impl SimpleSelector {
    pub fn meta(&mut self) -> &mut Meta {
        match self {
            SimpleSelector::Id(l) => &mut l.meta,
            SimpleSelector::Interpol(a) => &mut a.meta,
            SimpleSelector::Str(a) => &mut a.meta,
        }
    }
}

impl Param {
    pub fn first(&mut self) -> &mut Meta {
        match self {
            Param::Id(l) => &mut l.meta,
            Param::Set(open, _, _) => &mut open.meta,
            Param::Context(p, _, _) => p.first(),
        }
    }
    pub fn first_ref(&self) -> &Meta {
        match self {
            Param::Id(l) => &l.meta,
            Param::Set(open, _, _) => &open.meta,
            Param::Context(p, _, _) => p.first_ref(),
        }
    }
}

impl Term {
    pub fn first(&mut self) -> &mut Meta {
        match self {
            Term::Token(l) => &mut l.meta,
            Term::SimpleString(s) | Term::IndentedString(_, s) => &mut s.meta,
            Term::Path(p) => &mut p.meta,
            Term::List(open, _, _) => &mut open.meta,
            Term::Set(Some(k), _, _, _) => &mut k.meta,
            Term::Set(None, open, _, _) => &mut open.meta,
            Term::Selection(t, _, _) => t.first(),
            Term::Parenthesized(open, _, _) => &mut open.meta,
        }
    }
    pub fn first_ref(&self) -> &Meta {
        match self {
            Term::Token(l) => &l.meta,
            Term::SimpleString(s) | Term::IndentedString(_, s) => &s.meta,
            Term::Path(p) => &p.meta,
            Term::List(open, _, _) => &open.meta,
            Term::Set(Some(k), _, _, _) => &k.meta,
            Term::Set(None, open, _, _) => &open.meta,
            Term::Selection(t, _, _) => t.first_ref(),
            Term::Parenthesized(open, _, _) => &open.meta,
        }
    }
    pub fn last(&mut self) -> &mut Meta {
        match self {
            Term::Token(l) => &mut l.meta,
            Term::SimpleString(s) | Term::IndentedString(_, s) => &mut s.meta,
            Term::Path(p) => &mut p.meta,
            Term::List(_, _, close) | Term::Set(_, _, _, close) => &mut close.meta,
            Term::Selection(_, _, Some((_, def))) => def.last(),
            Term::Selection(t, sels, None) => match sels.last_mut() {
                Some(s) => s.sel.meta(),
                None => t.last(),
            },
            Term::Parenthesized(_, _, close) => &mut close.meta,
        }
    }
}

impl Expr {
    pub fn first(&mut self) -> &mut Meta {
        match self {
            Expr::Term(t) => t.first(),
            Expr::With(k, ..)
            | Expr::Let(k, ..)
            | Expr::Assert(k, ..)
            | Expr::If(k, ..)
            | Expr::Negation(k, _)
            | Expr::Inversion(k, _) => &mut k.meta,
            Expr::Abstraction(p, _, _) => p.first(),
            Expr::Application(f, _) => f.first(),
            Expr::Operation(l, _, _) | Expr::MemberCheck(l, _, _) => l.first(),
        }
    }
    pub fn first_ref(&self) -> &Meta {
        match self {
            Expr::Term(t) => t.first_ref(),
            Expr::With(k, ..)
            | Expr::Let(k, ..)
            | Expr::Assert(k, ..)
            | Expr::If(k, ..)
            | Expr::Negation(k, _)
            | Expr::Inversion(k, _) => &k.meta,
            Expr::Abstraction(p, _, _) => p.first_ref(),
            Expr::Application(f, _) => f.first_ref(),
            Expr::Operation(l, _, _) | Expr::MemberCheck(l, _, _) => l.first_ref(),
        }
    }
    pub fn last(&mut self) -> &mut Meta {
        match self {
            Expr::Term(t) => t.last(),
            Expr::With(.., b)
            | Expr::Let(.., b)
            | Expr::Assert(.., b)
            | Expr::If(.., b)
            | Expr::Abstraction(_, _, b)
            | Expr::Application(_, b)
            | Expr::Operation(_, _, b)
            | Expr::Negation(_, b)
            | Expr::Inversion(_, b) => b.last(),
            Expr::MemberCheck(_, q, sels) => match sels.last_mut() {
                Some(s) => s.sel.meta(),
                None => &mut q.meta,
            },
        }
    }
}
