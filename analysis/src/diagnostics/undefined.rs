//! References that no scope, builtin or `with` defines, with a fix when one name in scope
//! is a likely typo's target (`lib.mkOptoin` has no such fix, `mkOptoin` defined nowhere
//! but `mkOption` bound in a `let` does).

use super::{Diagnostic, DiagnosticCode, TextEdit};
use crate::db::{Db, SourceFile, lower, name_resolution};
use crate::hir::Expr;

/// Names shorter than this get no suggestion: a one- or two-letter name is a few edits
/// from most others.
const MIN_SUGGESTED_LEN: usize = 3;

pub(super) fn check(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    let (module, source_map) = lower(db, file);
    let resolution = name_resolution(db, file);
    for id in module.expr_ids() {
        let Expr::Reference(name) = module.expr(id) else {
            continue;
        };
        if resolution.get(id).is_some() {
            continue;
        }
        if let Some(ptr) = source_map.expr_node(id) {
            let range = ptr.text_range();
            let mut diagnostic = Diagnostic::new(
                DiagnosticCode::UndefinedVariable,
                range,
                format!("undefined variable `{name}`"),
            );
            if let Some(close) = closest_in_scope(db, file, range.start(), name) {
                diagnostic = diagnostic.with_suggestion(
                    format!("replace with `{close}`"),
                    vec![TextEdit::replace(range, &close)],
                );
            }
            out.push(diagnostic);
        }
    }
}

/// The one name in scope at `offset` (bindings, parameters, builtins) at the smallest edit
/// distance from `name`, at most 2 as Nix's own suggestions; `None` on a tie.
fn closest_in_scope(
    db: &dyn Db,
    file: SourceFile,
    offset: syntax::TextSize,
    name: &str,
) -> Option<String> {
    if name.chars().count() < MIN_SUGGESTED_LEN {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    let mut tie = false;
    for item in crate::ide::completions(db, None, file, offset) {
        let distance = strsim::levenshtein(name, &item.label);
        if distance == 0 || distance > 2 {
            continue;
        }
        match &best {
            Some((d, _)) if *d < distance => {}
            Some((d, _)) if *d == distance => tie = true,
            _ => {
                best = Some((distance, item.label));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, label)| label)
}
