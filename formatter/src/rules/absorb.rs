//! Absorption: which expressions may start on the line of what precedes them (`= {`,
//! `f [`, `x: {`), and how a binding's value is printed.

use super::params::can_flatten_attrs;
use super::{
    app::pretty_app, app::pretty_op, leaf, pretty_expr, pretty_term_wide, pretty_with, term_inner,
    trivia,
};
use crate::ast::*;
use crate::cat;
use crate::doc::*;

/// Terms that may start on the current line and spread over the next ones.
pub fn is_absorbable(t: &Term) -> bool {
    match t {
        Term::IndentedString(_, a) => a.value.len() >= 2,
        Term::Path(_) => false,
        Term::Set(_, _, items, _) if !items.is_empty() => true,
        Term::List(_, items, _) if !items.is_empty() => true,
        Term::Set(_, open, items, close)
            if items.is_empty() && open.meta.line != close.meta.line =>
        {
            true
        }
        Term::List(open, items, close) if items.is_empty() && open.meta.line != close.meta.line => {
            true
        }
        Term::List(open, items, _) => !open.meta.is_lone() || super::has_only_comments(items),
        Term::Set(_, open, items, _) => !open.meta.is_lone() || super::has_only_comments(items),
        Term::Parenthesized(open, e, _) if open.meta.is_lone() => match e.as_ref() {
            Expr::Term(t) => {
                t.first_ref()
                    .pre
                    .iter()
                    .all(|x| matches!(x, Trivium::LanguageAnnotation(_)))
                    && is_absorbable(t)
            }
            _ => false,
        },
        _ => false,
    }
}

pub fn is_absorbable_expr(e: &Expr) -> bool {
    match e {
        Expr::Term(t) => is_absorbable(t),
        Expr::With(_, _, _, body) => matches!(body.as_ref(), Expr::Term(t) if is_absorbable(t)),
        Expr::Abstraction(Param::Id(_), _, body) => match body.as_ref() {
            Expr::Term(t) => is_absorbable(t),
            b @ Expr::Abstraction(..) => is_absorbable_expr(b),
            _ => false,
        },
        Expr::Abstraction(Param::Set(open, attrs, close), colon, body) => {
            can_flatten_attrs(open, attrs, close)
                && open.meta.is_lone()
                && colon.meta.line == body.first_ref().line
                && is_absorbable_expr(body)
        }
        _ => false,
    }
}

/// `( … )` as a last argument or binding value: the parentheses hug their content.
pub fn absorb_paren(mut open: Leaf, mut expr: Expr, mut close: Leaf) -> Doc {
    if let Some(c) = open.meta.trail.take() {
        expr.first()
            .pre
            .insert(0, Trivium::LineComment(format!(" {c}")));
    }
    let close_pre = std::mem::take(&mut close.meta.pre);
    vec![group_(
        GroupAnn::Priority,
        nest(cat![
            leaf(open),
            surround(
                &line_(),
                group(nest(cat![pretty_expr(expr), trivia(close_pre)]))
            ),
            leaf(close)
        ]),
    )]
}

/// An expression that may be absorbed; `wide` expands sets.
pub fn absorb_expr(wide: bool, e: Expr) -> Doc {
    match e {
        Expr::Term(t) if is_absorbable(&t) => {
            if wide {
                pretty_term_wide(t)
            } else {
                term_inner(t)
            }
        }
        e @ Expr::With(..) if is_absorbable_expr(&e) => pretty_with(true, e),
        e => pretty_expr(e),
    }
}

fn is_update_concat_plus(op: &str) -> bool {
    matches!(op, "//" | "++" | "+")
}

/// The value of a binding or of a default: after `= ` or `? `.
pub fn absorb_rhs(e: Expr) -> Doc {
    match e {
        // A set holding a single `inherit` is not force-expanded.
        Expr::Term(Term::Set(_, _, ref items, _))
            if matches!(items.as_slice(), [Item::Item(Binder::Inherit(..))]) =>
        {
            nest(cat![hardspace(), group(absorb_expr(false, e))])
        }
        e if is_absorbable_expr(&e) => nest(cat![hardspace(), group(absorb_expr(true, e))]),
        Expr::Term(Term::Parenthesized(open, inner, close)) => {
            nest(cat![hardspace(), absorb_paren(open, *inner, close)])
        }
        e @ Expr::Term(Term::SimpleString(_) | Term::IndentedString(..) | Term::Path(_)) => {
            nest(cat![hardspace(), group(pretty_expr(e))])
        }
        e @ Expr::Term(_) => nest(group(cat![line(), pretty_expr(e)])),
        Expr::Application(f, a) => nest(pretty_app(false, vec![line()], false, *f, *a)),
        e @ Expr::With(..) => nest(group(cat![line(), pretty_expr(e)])),
        Expr::Operation(l, op, r)
            if matches!(l.as_ref(), Expr::Term(t) if is_absorbable(t) && t.first_ref().pre.is_empty())
                && is_update_concat_plus(op.text()) =>
        {
            let op_text = op.text().to_string();
            cat![
                hardspace(),
                pretty_op(true, Expr::Operation(l, op, r), &op_text)
            ]
        }
        Expr::Operation(l, op, r)
            if op.meta.is_lone()
                && is_update_concat_plus(op.text())
                && matches!(r.as_ref(), Expr::Term(t) if is_absorbable(t)) =>
        {
            let Expr::Term(t) = *r else { unreachable!() };
            nest(group(cat![
                line(),
                pretty_expr(*l),
                line(),
                group_(
                    GroupAnn::Transparent,
                    cat![
                        leaf(op),
                        hardspace(),
                        group_(GroupAnn::Priority, pretty_term_wide(t))
                    ]
                )
            ]))
        }
        e => nest(cat![line(), group(pretty_expr(e))]),
    }
}
