//! RFC 166's rules, as nixfmt 1.x implements them (`Nixfmt.Pretty`): from the AST to a
//! document. Layout choices are left to `layout.rs`; the only input-dependent choices are
//! the source lines of tokens, which strict mode erases.

mod absorb;
mod app;
mod params;
mod strings;

use crate::ast::*;
use crate::cat;
use crate::doc::*;
pub use absorb::{absorb_expr, absorb_rhs, is_absorbable, is_absorbable_expr};
pub use app::{pretty_app, pretty_op};

// Trivia.

pub fn trivium(t: Trivium) -> Doc {
    match t {
        Trivium::EmptyLine => vec![emptyline()],
        Trivium::LineComment(c) => cat![comment(format!("#{c}")), hardline()],
        Trivium::LanguageAnnotation(l) => cat![comment(format!("/* {l} */")), hardspace()],
        Trivium::Directive(Directive::Disable) => ann_text(TextAnn::DisableMarker, ""),
        Trivium::Directive(Directive::DisabledToEof(raw)) => ann_text(TextAnn::Verbatim(true), raw),
        Trivium::Directive(Directive::Enable(Some(raw))) => {
            cat![ann_text(TextAnn::Verbatim(false), raw), hardline()]
        }
        Trivium::Directive(Directive::Enable(None)) => {
            cat![comment("/*nixfmt:enable*/"), hardline()]
        }
        Trivium::BlockComment(is_doc, lines) => {
            let body: Doc = lines
                .into_iter()
                .flat_map(|l| {
                    if l.is_empty() {
                        vec![emptyline()]
                    } else {
                        cat![comment(l), hardline()]
                    }
                })
                .collect();
            cat![
                comment(if is_doc { "/**" } else { "/*" }),
                hardline(),
                offset(2, body),
                comment("*/"),
                hardline()
            ]
        }
    }
}

pub fn trivia(ts: Trivia) -> Doc {
    match ts.as_slice() {
        [] => vec![],
        [Trivium::LanguageAnnotation(_)] => trivium(ts.into_iter().next().expect("one")),
        _ => {
            let mut d = vec![hardline()];
            for t in ts {
                d.extend(trivium(t));
            }
            d
        }
    }
}

pub fn trailing_comment(c: Option<String>) -> Doc {
    match c {
        None => vec![],
        Some(c) => cat![
            hardspace(),
            ann_text(TextAnn::TrailingComment, format!("# {c}")),
            hardline()
        ],
    }
}

/// A token with its comments.
pub fn with_meta(meta: Meta, inner: Doc) -> Doc {
    if meta.is_lone() {
        return inner; // The usual case: no copy.
    }
    cat![trivia(meta.pre), inner, trailing_comment(meta.trail)]
}

pub fn leaf(l: Leaf) -> Piece {
    if l.meta.is_lone() && !l.value.1.is_empty() {
        return Piece::One(DocE::Text(0, 0, TextAnn::Regular, l.value.1));
    }
    Piece::Many(with_meta(l.meta, text(l.value.1)))
}

fn opt_leaf(l: Option<Leaf>) -> Option<Piece> {
    l.map(leaf)
}

/// A leaf without its trailing comment, and that comment.
fn split_trail(mut l: Leaf) -> (Leaf, Option<String>) {
    let c = l.meta.trail.take();
    (l, c)
}

// Items of lists, sets and `let`.

fn has_only_comments<T>(items: &[Item<T>]) -> bool {
    !items.is_empty() && items.iter().all(|i| matches!(i, Item::Comments(_)))
}

fn render_items<T>(sep: &DocE, items: Vec<Item<T>>, pretty: &impl Fn(T) -> Doc) -> Doc {
    let mut out = Doc::new();
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Comments(mut ts)
                if matches!(ts.last(), Some(Trivium::LanguageAnnotation(_)))
                    && matches!(items.peek(), Some(Item::Item(_))) =>
            {
                let lang = ts.pop().expect("checked");
                out.extend(trivia(ts));
                out.extend(trivium(lang));
                out.push(hardspace());
                let Some(Item::Item(x)) = items.next() else {
                    unreachable!()
                };
                out.push(group(pretty(x)));
            }
            Item::Comments(ts) => out.extend(trivia(ts)),
            Item::Item(x) => out.push(group(pretty(x))),
        }
        if items.peek().is_some() {
            out.push(sep.clone());
        }
    }
    out
}

fn render_list(item_sep: &DocE, open: Leaf, items: Vec<Item<Term>>, close: Leaf) -> Doc {
    let sur = if open.meta.line != close.meta.line
        || has_only_comments(&items)
        || (!open.meta.is_lone() && items.is_empty())
    {
        hardline()
    } else if items.is_empty() {
        hardspace()
    } else {
        line()
    };
    let (open, post) = split_trail(open);
    cat![
        leaf(open),
        surround(
            &sur,
            nest(cat![
                trailing_comment(post),
                render_items(item_sep, items, &pretty_term)
            ])
        ),
        leaf(close)
    ]
}

// Bindings.

fn selector(s: Selector) -> Doc {
    cat![opt_leaf(s.dot), simple_selector(s.sel)]
}

fn simple_selector(s: SimpleSelector) -> Doc {
    match s {
        SimpleSelector::Id(l) => leaf(l).into_doc(),
        SimpleSelector::Interpol(a) => with_meta(a.meta, strings::string_part(a.value)),
        SimpleSelector::Str(a) => with_meta(a.meta, strings::simple_string(a.value)),
    }
}

fn is_simple_selector(s: &Selector) -> bool {
    matches!(s.sel, SimpleSelector::Id(_))
}

fn binder(b: Binder) -> Doc {
    match b {
        Binder::Inherit(kw, from, ids, semi) => {
            let (sep, nosep) = if kw.meta.line == semi.meta.line && ids.len() < 4 {
                (line(), line_())
            } else {
                (hardline(), hardline())
            };
            let ids = sep_by(&sep, ids.into_iter().map(simple_selector));
            match from {
                None => vec![group(cat![
                    leaf(kw),
                    sep.clone(),
                    nest(cat![ids, nosep, leaf(semi)])
                ])],
                Some(src) => vec![group(cat![
                    leaf(kw),
                    nest(cat![
                        group(cat![line(), pretty_term(src)]),
                        sep,
                        ids,
                        nosep,
                        leaf(semi)
                    ])
                ])],
            }
        }
        Binder::Assignment(sels, eq, value, semi) => {
            let rhs = if sels.len() <= 4 && sels.iter().all(is_simple_selector) {
                absorb_rhs(value)
            } else {
                cat![line_(), group_(GroupAnn::Priority, absorb_rhs(value))]
            };
            vec![group(cat![
                sels.into_iter().flat_map(selector).collect::<Doc>(),
                nest(cat![hardspace(), leaf(eq), rhs]),
                leaf(semi)
            ])]
        }
    }
}

/// An attribute set; `wide` expands it even when it would fit (a binding's value).
fn pretty_set(
    wide: bool,
    krec: Option<Leaf>,
    open: Leaf,
    items: Vec<Item<Binder>>,
    close: Leaf,
) -> Doc {
    let krec = krec.map(|k| cat![leaf(k), hardspace()]).unwrap_or_default();
    if open.meta.is_lone() && items.is_empty() && close.meta.pre.is_empty() {
        let sep = if open.meta.line != close.meta.line {
            hardline()
        } else {
            hardspace()
        };
        return cat![krec, leaf(open), sep, leaf(close)];
    }
    let sep = if (wide && !items.is_empty()) || open.meta.line != close.meta.line {
        hardline()
    } else {
        line()
    };
    let (open, post) = split_trail(open);
    cat![
        krec,
        leaf(open),
        surround(
            &sep,
            nest(cat![
                trailing_comment(post),
                render_items(&hardline(), items, &binder)
            ])
        ),
        leaf(close)
    ]
}

// Terms.

pub fn pretty_term_wide(t: Term) -> Doc {
    match t {
        Term::Set(krec, open, items, close) => pretty_set(true, krec, open, items, close),
        t => term_inner(t),
    }
}

/// A term as an item or operand: lists get their own group.
pub fn pretty_term(t: Term) -> Doc {
    match t {
        t @ Term::List(..) => vec![group(term_inner(t))],
        t => term_inner(t),
    }
}

/// nixfmt's `prettyTerm`: a term without a group around it.
pub fn term_inner(t: Term) -> Doc {
    match t {
        Term::Token(l) => leaf(l).into_doc(),
        Term::SimpleString(a) => with_meta(a.meta, strings::simple_string(a.value)),
        Term::IndentedString(cut, a) => with_meta(a.meta, strings::indented_string(cut, a.value)),
        Term::Path(a) => with_meta(a.meta, strings::parts(a.value)),
        Term::Selection(base, sels, default) => {
            let sep = match base.as_ref() {
                Term::Token(l) if matches!(l.tok(), Tok::Integer | Tok::Float) => Some(hardspace()),
                // Not in nixfmt, which prints `./a .b` as the path `./a.b`.
                Term::Path(_) => Some(hardspace()),
                Term::Token(_) => None,
                Term::Parenthesized(..) => Some(softline_()),
                _ => Some(line_()),
            };
            let default = match default {
                Some((or, def)) => cat![
                    softline(),
                    nest(cat![leaf(or), hardspace(), pretty_term(*def)])
                ],
                None => vec![],
            };
            cat![
                pretty_term(*base),
                sep,
                sels.into_iter().flat_map(selector).collect::<Doc>(),
                default
            ]
        }
        Term::List(open, items, close)
            if open.meta.trail.is_none() && items.is_empty() && close.meta.pre.is_empty() =>
        {
            let sep = if open.meta.line != close.meta.line {
                hardline()
            } else {
                hardspace()
            };
            cat![leaf(open), sep, leaf(close)]
        }
        Term::List(open, items, close) => render_list(&hardline(), open, items, close),
        Term::Set(krec, open, items, close) => pretty_set(false, krec, open, items, close),
        Term::Parenthesized(mut open, expr, mut close) => {
            open.meta.move_trailing_up();
            let close_pre = std::mem::take(&mut close.meta.pre);
            let inner = paren_inner(*expr);
            vec![group(cat![
                leaf(open),
                nest(cat![inner, trivia(close_pre)]),
                leaf(close)
            ])]
        }
    }
}

/// The inside of parentheses (and of a lone interpolation on its line).
pub fn paren_inner(expr: Expr) -> Doc {
    if is_absorbable_expr(&expr) {
        return vec![group(absorb_expr(false, expr))];
    }
    match expr {
        Expr::Application(f, a) => pretty_app(true, vec![], true, *f, *a),
        Expr::Term(Term::Selection(t, s, d)) => {
            let absorbable = is_absorbable(&t);
            let e = group(pretty_expr(Expr::Term(Term::Selection(t, s, d))));
            if absorbable {
                cat![line_(), e, line_()]
            } else {
                cat![e, line_()]
            }
        }
        e => cat![line_(), group(pretty_expr(e)), line_()],
    }
}

// Expressions.

pub fn pretty_expr(e: Expr) -> Doc {
    match e {
        Expr::Term(t) => pretty_term(t),
        e @ Expr::With(..) => pretty_with(false, e),
        Expr::Let(let_, binders, in_, body) => {
            let mut body = *body;
            let mut moved = in_.meta.pre;
            if let Some(c) = in_.meta.trail {
                moved.push(Trivium::LineComment(format!(" {c}")));
            }
            let first = body.first();
            moved.append(&mut first.pre);
            first.pre = moved;
            let let_part = group(cat![
                leaf(let_),
                hardline(),
                nest(render_items(&hardline(), binders, &binder))
            ]);
            let in_part = group(cat![text(in_.value.1), hardline(), pretty_expr(body)]);
            cat![let_part, hardline(), in_part]
        }
        Expr::Assert(assert, cond, semi, body) => {
            // The assertion is printed as if `assert` were a function applied to it.
            let (f, a) = insert_into_app(Expr::Term(Term::Token(assert)), *cond);
            vec![group(cat![
                pretty_app(false, vec![], false, f, a),
                leaf(semi),
                hardline(),
                pretty_expr(*body)
            ])]
        }
        mut e @ Expr::If(..) => {
            e.first().move_trailing_up();
            vec![group(pretty_if(line(), e))]
        }
        Expr::Abstraction(param, colon, body) => params::abstraction(param, colon, *body),
        Expr::Application(f, a) => pretty_app(false, vec![], false, *f, *a),
        Expr::Operation(a, op, b) if matches!(op.text(), "<" | ">" | "<=" | ">=" | "==" | "!=") => {
            cat![
                pretty_expr(*a),
                softline(),
                leaf(op),
                hardspace(),
                pretty_expr(*b)
            ]
        }
        Expr::Operation(a, op, b) => {
            let op_text = op.text().to_string();
            pretty_op(false, Expr::Operation(a, op, b), &op_text)
        }
        Expr::MemberCheck(e, q, sels) => cat![
            pretty_expr(*e),
            softline(),
            leaf(q),
            hardspace(),
            sels.into_iter().flat_map(selector).collect::<Doc>()
        ],
        Expr::Negation(op, e) | Expr::Inversion(op, e) => cat![leaf(op), pretty_expr(*e)],
    }
}

/// `assert c` as the application `assert c`, walking down `c`'s own applications.
fn insert_into_app(insert: Expr, e: Expr) -> (Expr, Expr) {
    match e {
        Expr::Application(f, a) => {
            let (f2, a2) = insert_into_app(insert, *f);
            (Expr::Application(Box::new(f2), Box::new(a2)), *a)
        }
        other => (insert, other),
    }
}

fn pretty_if(sep: DocE, e: Expr) -> Doc {
    match e {
        Expr::If(if_, cond, then, a, mut else_, b) => {
            else_.meta.move_trailing_up();
            cat![
                group(cat![
                    leaf(if_),
                    line(),
                    nest(pretty_expr(*cond)),
                    line(),
                    leaf(then)
                ]),
                surround(&sep, nest(group(pretty_expr(*a)))),
                leaf(else_),
                hardspace(),
                pretty_if(hardline(), *b)
            ]
        }
        x => cat![line(), nest(group(pretty_expr(x)))],
    }
}

pub fn pretty_with(absorb: bool, e: Expr) -> Doc {
    let Expr::With(with, e0, semi, e1) = e else {
        unreachable!("pretty_with takes a with")
    };
    match *e1 {
        Expr::Term(t) if absorb => vec![group(cat![
            line_(),
            leaf(with),
            hardspace(),
            nest(group(pretty_expr(*e0))),
            leaf(semi),
            hardspace(),
            group_(GroupAnn::Priority, pretty_term_wide(t))
        ])],
        e1 => cat![
            group(cat![
                leaf(with),
                hardspace(),
                nest(group(pretty_expr(*e0))),
                leaf(semi)
            ]),
            line(),
            pretty_expr(e1)
        ],
    }
}

/// A whole file (or interpolation): the expression and the comments after it.
pub fn pretty_whole(w: Whole) -> Doc {
    vec![group(cat![pretty_expr(w.expr), trivia(w.trivia)])]
}

/// nixfmt's `isSimple`: names, literals, and short applications and selections of them.
pub fn is_simple(e: &Expr) -> bool {
    match e {
        Expr::Term(t) => is_simple_term(t),
        Expr::Application(f, a) => is_simple_app(f, a),
        _ => false,
    }
}

/// `f a` is simple when both are and `f` applies at most one argument already.
pub fn is_simple_app(f: &Expr, a: &Expr) -> bool {
    let three = matches!(f, Expr::Application(g, _) if matches!(g.as_ref(), Expr::Application(..)));
    !three && is_simple(f) && is_simple(a)
}

fn is_simple_term(t: &Term) -> bool {
    match t {
        Term::SimpleString(a) | Term::IndentedString(_, a) => a.meta.is_lone(),
        Term::Path(a) => a.meta.is_lone(),
        Term::Token(l) => {
            l.meta.is_lone()
                && matches!(
                    l.tok(),
                    Tok::Ident | Tok::Integer | Tok::Float | Tok::EnvPath
                )
        }
        Term::Selection(t, sels, None) => is_simple_term(t) && sels.iter().all(is_simple_selector),
        Term::Parenthesized(open, e, close) => {
            open.meta.is_lone() && close.meta.is_lone() && is_simple(e)
        }
        _ => false,
    }
}
