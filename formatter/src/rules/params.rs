//! Lambdas and their parameters.

use super::absorb::{absorb_expr, absorb_rhs, is_absorbable, is_absorbable_expr};
use super::{leaf, pretty_expr, pretty_term_wide, trivia};
use crate::ast::*;
use crate::cat;
use crate::doc::*;

fn attr_has_trivia(a: &ParamAttr) -> bool {
    match a {
        ParamAttr::Attr(name, _, comma) => {
            !name.meta.is_lone() || comma.as_ref().is_some_and(|c| !c.meta.is_lone())
        }
        ParamAttr::Ellipsis(dots) => !dots.meta.is_lone(),
    }
}

/// Whether `{ a, b, ... }` may stay on one line: braces on one source line, no comments,
/// at most two attributes without defaults and an optional ellipsis.
pub fn can_flatten_attrs(open: &Leaf, attrs: &[ParamAttr], close: &Leaf) -> bool {
    if open.meta.line != close.meta.line
        || !close.meta.is_lone()
        || attrs.iter().any(attr_has_trivia)
    {
        return false;
    }
    use ParamAttr::{Attr, Ellipsis};
    matches!(
        attrs,
        [] | [Ellipsis(_)]
            | [Attr(_, None, _)]
            | [Attr(_, None, _), Ellipsis(_)]
            | [Attr(_, None, _), Attr(_, None, _)]
            | [Attr(_, None, _), Attr(_, None, _), Ellipsis(_)]
    )
}

fn contains_directive(t: &Trivia) -> bool {
    t.iter().any(|x| matches!(x, Trivium::Directive(_)))
}

/// Comments before `, name` belong to `name`, not to the comma; and the last attribute
/// gets a comma (printed only when the pattern is expanded).
fn move_params_comments(attrs: Vec<ParamAttr>) -> Vec<ParamAttr> {
    let mut out: Vec<ParamAttr> = Vec::with_capacity(attrs.len() + 1);
    let mut carry: Trivia = Vec::new();
    let n = attrs.len();
    for (i, attr) in attrs.into_iter().enumerate() {
        let attr = match attr {
            ParamAttr::Attr(mut name, def, comma) => {
                if !carry.is_empty() {
                    let mut pre = std::mem::take(&mut carry);
                    pre.append(&mut name.meta.pre);
                    name.meta.pre = pre;
                }
                match comma {
                    Some(mut c)
                        if i + 1 < n
                            && c.meta.trail.is_none()
                            && !contains_directive(&c.meta.pre) =>
                    {
                        carry = std::mem::take(&mut c.meta.pre);
                        ParamAttr::Attr(name, def, Some(c))
                    }
                    None if i + 1 == n => {
                        let line = name.meta.line;
                        ParamAttr::Attr(
                            name,
                            def,
                            Some(Ann {
                                meta: Meta {
                                    pre: vec![],
                                    line,
                                    trail: None,
                                },
                                value: (Tok::Other, ",".into()),
                            }),
                        )
                    }
                    comma => ParamAttr::Attr(name, def, comma),
                }
            }
            ParamAttr::Ellipsis(mut dots) => {
                if !carry.is_empty() {
                    let mut pre = std::mem::take(&mut carry);
                    pre.append(&mut dots.meta.pre);
                    dots.meta.pre = pre;
                }
                ParamAttr::Ellipsis(dots)
            }
        };
        out.push(attr);
    }
    out
}

/// `, name # c` becomes `name, # c`.
fn move_param_attr_comment(a: ParamAttr) -> ParamAttr {
    match a {
        ParamAttr::Attr(mut name, None, Some(mut comma))
            if name.meta.trail.is_some() && comma.meta.is_lone() =>
        {
            comma.meta.trail = name.meta.trail.take();
            ParamAttr::Attr(name, None, Some(comma))
        }
        ParamAttr::Attr(name, Some((q, mut def)), Some(mut comma)) if comma.meta.is_lone() => {
            comma.meta.trail = def.last().trail.take();
            ParamAttr::Attr(name, Some((q, def)), Some(comma))
        }
        a => a,
    }
}

fn param_attr(a: ParamAttr) -> Doc {
    match a {
        ParamAttr::Attr(name, None, comma) => cat![leaf(name), comma.map(leaf)],
        ParamAttr::Attr(name, Some((q, def)), comma) => vec![group(cat![
            leaf(name),
            hardspace(),
            nest(cat![leaf(q), absorb_rhs(*def)]),
            comma.map(leaf)
        ])],
        ParamAttr::Ellipsis(dots) => leaf(dots).into_doc(),
    }
}

pub fn param(p: Param) -> Doc {
    match p {
        Param::Id(l) => leaf(l).into_doc(),
        Param::Set(mut open, attrs, close) if attrs.is_empty() => {
            let sep = if open.meta.line != close.meta.line {
                hardline()
            } else {
                hardspace()
            };
            open.meta.move_trailing_up();
            vec![group(cat![leaf(open), sep, leaf(close)])]
        }
        Param::Set(mut open, attrs, mut close) => {
            let sep = if can_flatten_attrs(&open, &attrs, &close) {
                line()
            } else {
                hardline()
            };
            open.meta.move_trailing_up();
            let attrs: Vec<ParamAttr> = move_params_comments(attrs)
                .into_iter()
                .map(move_param_attr_comment)
                .collect();
            let n = attrs.len();
            let docs = attrs.into_iter().enumerate().map(|(i, a)| match a {
                // The last comma only shows when the pattern is expanded.
                ParamAttr::Attr(name, def, Some(comma))
                    if i + 1 == n && comma.meta.is_lone() && comma.text() == "," =>
                {
                    cat![
                        param_attr(ParamAttr::Attr(name, def, None)),
                        ann_text(TextAnn::Trailing, ",")
                    ]
                }
                a => param_attr(a),
            });
            let close_pre = std::mem::take(&mut close.meta.pre);
            vec![group(cat![
                leaf(open),
                surround(&sep, nest(sep_by(&sep, docs))),
                nest(trivia(close_pre)),
                leaf(close)
            ])]
        }
        Param::Context(a, at, b) => cat![param(*a), leaf(at), param(*b)],
    }
}

pub fn abstraction(p: Param, colon: Leaf, body: Expr) -> Doc {
    match p {
        Param::Id(name) => {
            // Several simple parameters in a row are printed together.
            fn absorb_abs(depth: usize, body: Expr) -> Doc {
                match body {
                    Expr::Abstraction(Param::Id(name), colon, body) => {
                        cat![
                            hardspace(),
                            leaf(name),
                            leaf(colon),
                            absorb_abs(depth + 1, *body)
                        ]
                    }
                    e if is_absorbable_expr(&e) => {
                        cat![
                            hardspace(),
                            group_(GroupAnn::Priority, absorb_expr(false, e))
                        ]
                    }
                    e => cat![if depth <= 2 { line() } else { hardline() }, pretty_expr(e)],
                }
            }
            vec![group(cat![
                line_(),
                leaf(name),
                leaf(colon),
                absorb_abs(1, body)
            ])]
        }
        Param::Set(open, attrs, close) => {
            let same_line = colon.meta.line == body.first_ref().line;
            if can_flatten_attrs(&open, &attrs, &close) && same_line && is_absorbable_expr(&body) {
                cat![
                    param(Param::Set(open, attrs, close)),
                    leaf(colon),
                    hardspace(),
                    group_(GroupAnn::Priority, pretty_expr(body))
                ]
            } else if !same_line {
                cat![
                    param(Param::Set(open, attrs, close)),
                    leaf(colon),
                    hardline(),
                    pretty_expr(body)
                ]
            } else {
                general_abstraction(Param::Set(open, attrs, close), colon, body)
            }
        }
        p => general_abstraction(p, colon, body),
    }
}

fn general_abstraction(p: Param, colon: Leaf, body: Expr) -> Doc {
    match body {
        Expr::Term(t) if is_absorbable(&t) => {
            cat![param(p), leaf(colon), line(), group(pretty_term_wide(t))]
        }
        body => cat![param(p), leaf(colon), line(), pretty_expr(body)],
    }
}
