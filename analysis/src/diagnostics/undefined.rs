//! References that no scope, builtin or `with` defines.

use super::{Diagnostic, DiagnosticCode};
use crate::db::{Db, SourceFile, lower, name_resolution};
use crate::hir::Expr;

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
            out.push(Diagnostic::new(
                DiagnosticCode::UndefinedVariable,
                ptr.text_range(),
                format!("undefined variable `{name}`"),
            ));
        }
    }
}
