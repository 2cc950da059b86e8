//! Function applications and operator chains.

use super::absorb::{absorb_paren, is_absorbable};
use super::{leaf, pretty_expr, pretty_term, pretty_term_wide, render_list, term_inner, trivia};
use crate::ast::*;
use crate::cat;
use crate::doc::*;

/// An argument before the last one.
fn absorb_inner(e: Expr) -> Doc {
    match e {
        // Lists of a few simple items may stay on one line.
        Expr::Term(Term::List(open, items, close))
            if items.len() <= 6
                && items.iter().all(|i| match i {
                    Item::Item(t) => is_simple_term_expr(t),
                    Item::Comments(_) => true,
                }) =>
        {
            render_list(&line(), open, items, close)
        }
        e => pretty_expr(e),
    }
}

fn is_simple_term_expr(t: &Term) -> bool {
    super::is_simple_term(t)
}

fn is_list(e: &Expr) -> bool {
    matches!(e, Expr::Term(Term::List(..)))
}

/// The function and every argument but the last, each argument a priority group.
fn absorb_app(indent_function: bool, no_comment: bool, e: Expr) -> Doc {
    match e {
        // Selections are never priority groups: only their tail would move.
        Expr::Application(f, a) if matches!(a.as_ref(), Expr::Term(Term::Selection(..))) => cat![
            group_(
                GroupAnn::Transparent,
                absorb_app(indent_function, no_comment, *f)
            ),
            line(),
            nest(group(absorb_inner(*a)))
        ],
        // Two list arguments in a row: both on their own lines if one does not fit.
        Expr::Application(f, l2)
            if is_list(&l2) && matches!(f.as_ref(), Expr::Application(_, l1) if is_list(l1)) =>
        {
            let Expr::Application(f2, l1) = *f else {
                unreachable!()
            };
            vec![group_(
                GroupAnn::Transparent,
                cat![
                    group_(
                        GroupAnn::Transparent,
                        absorb_app(indent_function, no_comment, *f2)
                    ),
                    nest(group(cat![
                        line(),
                        group(absorb_inner(*l1)),
                        line(),
                        group(absorb_inner(*l2))
                    ]))
                ],
            )]
        }
        Expr::Application(f, a) => cat![
            group_(
                GroupAnn::Transparent,
                absorb_app(indent_function, no_comment, *f)
            ),
            line(),
            nest(group_(GroupAnn::Priority, absorb_inner(*a)))
        ],
        e if indent_function && no_comment => nest(group(cat![line_(), pretty_expr(e)])),
        e => pretty_expr(e),
    }
}

/// The last argument: absorbed when it is a set, list, string or parenthesised lambda.
fn absorb_last(e: Expr) -> Doc {
    match e {
        Expr::Term(t) if is_absorbable(&t) => vec![group_(GroupAnn::Priority, nest(term_inner(t)))],
        Expr::Term(Term::Parenthesized(open, inner, close)) => match *inner {
            Expr::Abstraction(Param::Id(name), colon, body)
                if matches!(body.as_ref(), Expr::Term(b) if is_absorbable(b))
                    && open.meta.is_lone()
                    && name.meta.is_lone()
                    && colon.meta.is_lone() =>
            {
                let Expr::Term(body) = *body else {
                    unreachable!()
                };
                vec![group_(
                    GroupAnn::Priority,
                    nest(cat![
                        leaf(open),
                        leaf(name),
                        leaf(colon),
                        hardspace(),
                        pretty_term_wide(body),
                        leaf(close)
                    ]),
                )]
            }
            Expr::Application(f, body)
                if matches!(f.as_ref(), Expr::Term(Term::Token(l)) if l.tok() == Tok::Ident && l.meta.is_lone())
                    && matches!(body.as_ref(), Expr::Term(b) if is_absorbable(b))
                    && open.meta.is_lone()
                    && close.meta.is_lone() =>
            {
                let (Expr::Term(Term::Token(fname)), Expr::Term(body)) = (*f, *body) else {
                    unreachable!()
                };
                vec![group_(
                    GroupAnn::Priority,
                    nest(cat![
                        leaf(open),
                        text(fname.value.1),
                        hardspace(),
                        pretty_term_wide(body),
                        leaf(close)
                    ]),
                )]
            }
            inner => absorb_paren(open, inner, close),
        },
        e => vec![group(nest(pretty_expr(e)))],
    }
}

/// nixfmt's `prettyApp`. `pre` and `post` (a line break when `has_post`) go inside the
/// group, so a caller can ask to start on a new line unless only the last argument spreads.
pub fn pretty_app(indent_function: bool, pre: Doc, has_post: bool, f: Expr, a: Expr) -> Doc {
    let simple = super::is_simple_app(&f, &a);
    let mut f = f;
    // Comments before the function move out of the group, so they do not expand it;
    // language annotations stay with their token.
    let comment = {
        let first = f.first();
        first.move_trailing_up();
        let (annots, hoisted): (Vec<_>, Vec<_>) = std::mem::take(&mut first.pre)
            .into_iter()
            .partition(|t| matches!(t, Trivium::LanguageAnnotation(_)));
        first.pre = annots;
        hoisted
    };
    let no_comment = comment.is_empty();
    let post = has_post.then(line_);
    let body = match (f, a) {
        (Expr::Application(f2, l1), l2) if is_list(&l1) && is_list(&l2) => group(cat![
            pre,
            group_(
                GroupAnn::Transparent,
                absorb_app(indent_function, no_comment, *f2)
            ),
            line(),
            nest(group(absorb_inner(*l1))),
            line(),
            nest(group(absorb_inner(l2))),
            post
        ]),
        (f, a) => {
            let rendered_f = cat![
                pre,
                group_(
                    GroupAnn::Transparent,
                    absorb_app(indent_function, no_comment, f)
                )
            ];
            match simple.then(|| unexpand(None, &rendered_f)).flatten() {
                Some(compact) => group(cat![compact, hardspace(), absorb_last(a)]),
                None => group(cat![rendered_f, line(), absorb_last(a), post]),
            }
        }
    };
    cat![
        trivia(comment),
        body,
        if has_post && !no_comment {
            Some(hardline())
        } else {
            None
        }
    ]
}

/// A chain of one operator (`a + b + c`), each operand after the first with its operator.
pub fn pretty_op(force_first_wide: bool, e: Expr, op: &str) -> Doc {
    fn flatten(op_l: Option<Leaf>, e: Expr, op: &str, out: &mut Vec<(Option<Leaf>, Expr)>) {
        match e {
            Expr::Operation(a, op_r, b) if op_r.text() == op => {
                flatten(op_l, *a, op, out);
                flatten(Some(op_r), *b, op, out);
            }
            x => out.push((op_l, x)),
        }
    }
    let mut operands = Vec::new();
    flatten(None, e, op, &mut operands);
    let sep = if matches!(op, "|>" | "<|") && operands.len() > 3 {
        hardline()
    } else {
        line()
    };

    let mut d = Doc::new();
    for (op_l, x) in operands {
        match op_l {
            None => match x {
                Expr::Term(t) if force_first_wide && is_absorbable(&t) => {
                    d.extend(pretty_term_wide(t))
                }
                x => d.extend(pretty_expr(x)),
            },
            Some(mut op_l) => {
                op_l.meta.move_trailing_up();
                d.push(sep.clone());
                leaf(op_l).push_into(&mut d);
                d.extend(nest(absorb_operation(x)));
            }
        }
    }
    vec![group(d)]
}

/// An operand after its operator.
fn absorb_operation(e: Expr) -> Doc {
    match e {
        Expr::Term(t) if is_absorbable(&t) => cat![hardspace(), pretty_term(t)],
        x @ Expr::Operation(..) => vec![group(cat![line(), pretty_expr(x)])],
        Expr::Application(f, a) => {
            vec![group(cat![
                hardspace(),
                pretty_app(false, vec![line()], false, *f, *a)
            ])]
        }
        x => cat![hardspace(), pretty_expr(x)],
    }
}
