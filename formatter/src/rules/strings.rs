//! Strings, paths and interpolations.

use super::absorb::is_absorbable;
use super::{is_simple, paren_inner, pretty_expr, pretty_whole, term_inner};
use crate::ast::*;
use crate::cat;
use crate::doc::*;

pub fn string_part(p: StringPart) -> Doc {
    match p {
        StringPart::Text(t) => text(t),
        StringPart::Interpolation(w) => interpolation(*w),
    }
}

fn interpolation(w: Whole) -> Doc {
    if w.trivia.is_empty() {
        match w.expr {
            Expr::Term(t) if is_absorbable(&t) => {
                return vec![group(cat![text("${"), term_inner(t), text("}")])];
            }
            // Simple interpolations stay on one line whatever their length.
            e if is_simple(&e) => {
                let d = pretty_expr(e);
                let inner = unexpand(None, &d).unwrap_or(d);
                return cat![text("${"), inner, text("}")];
            }
            expr => {
                return interpolation_general(Whole {
                    expr,
                    trivia: vec![],
                });
            }
        }
    }
    interpolation_general(w)
}

/// Kept on one line when that is at most 30 columns, else broken inside the braces.
fn interpolation_general(w: Whole) -> Doc {
    let whole = pretty_whole(w);
    let inner = match unexpand(Some(30), &whole) {
        Some(compact) => compact,
        None => surround(&line_(), nest(whole)),
    };
    vec![group(cat![text("${"), inner, text("}")])]
}

/// One line of a string (or a path).
pub fn parts(mut ps: Vec<StringPart>) -> Doc {
    if let [StringPart::Interpolation(w)] = ps.as_slice()
        && w.trivia.is_empty()
    {
        ps.insert(0, StringPart::Text(String::new()));
    }
    match ps.as_slice() {
        [StringPart::Text(pre), StringPart::Interpolation(w)]
            if w.trivia.is_empty() && pre.chars().all(|c| c == ' ') =>
        {
            let mut it = ps.into_iter();
            let (Some(StringPart::Text(pre)), Some(StringPart::Interpolation(w))) =
                (it.next(), it.next())
            else {
                unreachable!()
            };
            // An interpolation alone on its line: its content is absorbed like a paren's.
            let w_pre = width(&pre) as u32;
            cat![
                text(pre),
                offset(
                    w_pre,
                    group(cat![text("${"), nest(paren_inner(w.expr)), text("}")])
                )
            ]
        }
        [StringPart::Interpolation(_)] => {
            let Some(StringPart::Interpolation(w)) = ps.into_iter().next() else {
                unreachable!()
            };
            vec![group(cat![
                text("${"),
                surround(&line_(), nest(pretty_whole(*w))),
                text("}")
            ])]
        }
        [StringPart::Text(_), ..] => {
            let mut it = ps.into_iter();
            let Some(StringPart::Text(t)) = it.next() else {
                unreachable!()
            };
            let indentation = t.chars().take_while(|c| c.is_whitespace()).count() as u32;
            let rest: Doc = it.flat_map(string_part).collect();
            cat![text(t), offset(indentation, rest)]
        }
        _ => ps.into_iter().flat_map(string_part).collect(),
    }
}

pub fn simple_string(lines: StrLines) -> Doc {
    vec![group(cat![
        text("\""),
        sep_by(
            &DocE::Text(0, 0, TextAnn::Regular, "\n".into()),
            lines.into_iter().map(parts)
        ),
        text("\"")
    ])]
}

/// A `''` string. When a disabled region cuts through it (`cut` holds the stripped
/// indentation), every line keeps its original columns.
pub fn indented_string(cut: Option<String>, lines: StrLines) -> Doc {
    let multi = lines.len() >= 2;
    let body = sep_by(
        &newline(),
        lines.into_iter().map(|l| match &cut {
            None => parts(l),
            Some(ind) => raw_line(ind, l),
        }),
    );
    vec![group(cat![
        text("''"),
        multi.then(line_),
        nest(body),
        text("''")
    ])]
}

fn raw_line(ind: &str, mut l: Vec<StringPart>) -> Doc {
    if l.is_empty() {
        return vec![];
    }
    if let StringPart::Text(t) = &mut l[0] {
        let ws_len = t.len() - t.trim_start().len();
        let ws: String = t[..ws_len].to_string();
        *t = t[ws_len..].to_string();
        let w = width(&ws) as u32;
        return cat![
            ann_text(TextAnn::Raw, format!("{ind}{ws}")),
            offset(w, parts(l))
        ];
    }
    cat![ann_text(TextAnn::Raw, ind.to_string()), parts(l)]
}
