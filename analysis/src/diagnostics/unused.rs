//! Unused `let` bindings, formals, parameters, `name@` binds, `rec` and `with` (deadnix's
//! checks, plus two of its own). A use from inside the binding's own value does not count:
//! `let f = x: f x; in 1` never uses `f`. Names starting with `_` are exempt.

use super::{Diagnostic, DiagnosticCode, TextEdit};
use crate::db::{Db, SourceFile, lower, name_resolution, parse};
use crate::hir::{BindingValue, Bindings, Expr, ExprId, NameId, NameKind};
use crate::name_res::ResolveResult;
use rustc_hash::{FxHashMap, FxHashSet};
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, SyntaxNode, TextRange};

pub(super) fn check(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    let (module, source_map) = lower(db, file);
    let resolution = name_resolution(db, file);
    let root = parse(db, file).syntax();
    let references = resolution.references();

    // The value each `let` name is bound to, to ignore uses from inside it.
    let mut own_value: FxHashMap<NameId, ExprId> = FxHashMap::default();
    for id in module.expr_ids() {
        if let Expr::LetIn(bindings, _) = module.expr(id) {
            for (name, value) in &bindings.statics {
                if let BindingValue::Expr(e) = value {
                    own_value.insert(*name, *e);
                }
            }
        }
    }
    let range_of = |e: ExprId| source_map.expr_node(e).map(|p| p.text_range());

    for name_id in module.name_ids() {
        let name = module.name(name_id);
        if name.text.starts_with('_') || name.text == "or" {
            continue;
        }
        let (code, what) = match name.kind {
            NameKind::LetIn => (DiagnosticCode::UnusedBinding, "binding"),
            NameKind::PatField => (DiagnosticCode::UnusedFormal, "formal"),
            NameKind::Param => (DiagnosticCode::UnusedParam, "parameter"),
            NameKind::RecAttrset | NameKind::PlainAttrset => continue,
        };
        let own = own_value.get(&name_id).and_then(|e| range_of(*e));
        let used = references.get(&name_id).is_some_and(|refs| {
            refs.iter().any(|r| match (range_of(*r), own) {
                (Some(r), Some(own)) => !own.contains_range(r),
                _ => true,
            })
        });
        if used {
            continue;
        }
        let Some(node) = source_map
            .name_nodes(name_id)
            .first()
            .map(|p| p.to_node(&root))
        else {
            continue;
        };
        let diagnostic = match (name.kind, node.kind()) {
            (NameKind::Param, SyntaxKind::PAT_BIND) => Diagnostic::new(
                DiagnosticCode::UnusedPatternBind,
                node.text_range(),
                format!("the pattern binding `{}` is never used", name.text),
            )
            .with_fix(
                "remove the binding",
                vec![TextEdit::delete(node.text_range())],
            ),
            (NameKind::Param, _) => Diagnostic::new(
                code,
                node.text_range(),
                format!("the {what} `{}` is never used", name.text),
            )
            .with_fix(
                "rename to `_`",
                vec![TextEdit::replace(node.text_range(), "_")],
            ),
            (NameKind::PatField, _) => {
                let d = Diagnostic::new(
                    code,
                    node.text_range(),
                    format!("the {what} `{}` is never used", name.text),
                );
                // Removing a formal is only safe when `...` accepts the argument anyway.
                match remove_formal(&node) {
                    Some(edit) => d.with_fix("remove the formal", vec![edit]),
                    None => d,
                }
            }
            _ => {
                let edits: Vec<TextEdit> = source_map
                    .name_nodes(name_id)
                    .iter()
                    .filter_map(|p| remove_binding(&p.to_node(&root)))
                    .collect();
                let d = Diagnostic::new(
                    code,
                    node.text_range(),
                    format!("the {what} `{}` is never used", name.text),
                );
                if edits.is_empty() {
                    d
                } else {
                    d.with_fix("remove the binding", edits)
                }
            }
        };
        out.push(diagnostic);
    }

    let mut used_withs: FxHashSet<ExprId> = FxHashSet::default();
    for result in resolution.resolved.values() {
        if let ResolveResult::WithExprs(withs) = result {
            used_withs.extend(withs.iter().copied());
        }
    }
    for id in module.expr_ids() {
        match module.expr(id) {
            Expr::With { .. } if !used_withs.contains(&id) => {
                if let Some(d) = unused_with(&source_map.expr_node(id), &root) {
                    out.push(d);
                }
            }
            Expr::RecAttrset(bindings) if !refers_to_itself(bindings, &references) => {
                if let Some(d) = unused_rec(&source_map.expr_node(id), &root) {
                    out.push(d);
                }
            }
            _ => {}
        }
    }
}

fn refers_to_itself(bindings: &Bindings, references: &FxHashMap<NameId, Vec<ExprId>>) -> bool {
    bindings
        .statics
        .iter()
        .any(|(name, _)| references.contains_key(name))
}

fn unused_with(ptr: &Option<crate::hir::NodePtr>, root: &SyntaxNode) -> Option<Diagnostic> {
    let with = ast::With::cast(ptr.as_ref()?.to_node(root))?;
    let body = with.body()?;
    let head = TextRange::new(
        with.syntax().text_range().start(),
        body.syntax().text_range().start(),
    );
    Some(
        Diagnostic::new(
            DiagnosticCode::UnusedWith,
            head,
            "no variable is looked up in this `with`",
        )
        .with_fix("remove the `with`", vec![TextEdit::delete(head)]),
    )
}

fn unused_rec(ptr: &Option<crate::hir::NodePtr>, root: &SyntaxNode) -> Option<Diagnostic> {
    let set = ast::AttrSet::cast(ptr.as_ref()?.to_node(root))?;
    let rec = set.rec_token()?;
    let mut range = rec.text_range();
    if let Some(ws) = rec
        .next_token()
        .filter(|t| t.kind() == SyntaxKind::WHITESPACE)
    {
        range = range.cover(ws.text_range());
    }
    Some(
        Diagnostic::new(
            DiagnosticCode::UnusedRec,
            rec.text_range(),
            "this `rec` set never refers to its own attributes",
        )
        .with_fix("remove `rec`", vec![TextEdit::delete(range)]),
    )
}

/// The edit removing the binding a `let` name comes from: the whole `name = value;`, or the
/// name from its `inherit` (the whole `inherit` if it is the only name).
fn remove_binding(name_node: &SyntaxNode) -> Option<TextEdit> {
    let parent = name_node.parent()?;
    match parent.kind() {
        SyntaxKind::ATTRPATH => {
            let binding = parent.parent()?;
            // Only a path of one name: `a.b = …` also defines other attributes of `a`.
            if ast::Attrpath::cast(parent)?.attrs().count() != 1 {
                return None;
            }
            Some(TextEdit::delete(with_leading_whitespace(&binding)))
        }
        SyntaxKind::INHERIT => {
            let inherit = ast::Inherit::cast(parent.clone())?;
            if inherit.attrs().count() == 1 && inherit.from().is_none() {
                Some(TextEdit::delete(with_leading_whitespace(&parent)))
            } else {
                Some(TextEdit::delete(with_leading_whitespace(name_node)))
            }
        }
        _ => None,
    }
}

/// Removes `name` (or `name ? default`) and its comma from a pattern with `...`.
fn remove_formal(entry: &SyntaxNode) -> Option<TextEdit> {
    let pattern = ast::Pattern::cast(entry.parent()?)?;
    pattern.ellipsis_token()?;
    let mut range = entry.text_range();
    let mut next = entry.next_sibling_or_token();
    while let Some(element) = next {
        match element.kind() {
            SyntaxKind::WHITESPACE => next = element.next_sibling_or_token(),
            SyntaxKind::COMMA => {
                range = range.cover(element.text_range());
                if let Some(ws) = element
                    .next_sibling_or_token()
                    .filter(|e| e.kind() == SyntaxKind::WHITESPACE)
                {
                    range = range.cover(ws.text_range());
                }
                break;
            }
            _ => break,
        }
    }
    Some(TextEdit::delete(range))
}

/// The node's range extended over the whitespace before it, so no blank gap is left.
fn with_leading_whitespace(node: &SyntaxNode) -> TextRange {
    let mut range = node.text_range();
    if let Some(prev) = node
        .prev_sibling_or_token()
        .filter(|e| e.kind() == SyntaxKind::WHITESPACE)
    {
        range = range.cover(prev.text_range());
    }
    range
}
