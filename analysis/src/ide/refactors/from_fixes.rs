//! Removing an unused `let` binding and `x = x;` → `inherit x;` are the fixes of the
//! `unused-binding` and `manual-inherit*` diagnostics; they are offered at the cursor as
//! refactors too, so they stay at hand when those diagnostics are turned off or
//! suppressed (the server drops a refactor equal to a quick fix it already offers).

use super::Refactor;
use crate::db::{Db, SourceFile, file_diagnostics};
use crate::diagnostics::DiagnosticCode;
use syntax::TextRange;

pub(super) fn from_fixes(db: &dyn Db, file: SourceFile, range: TextRange) -> Vec<Refactor> {
    file_diagnostics(db, file)
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                DiagnosticCode::UnusedBinding
                    | DiagnosticCode::ManualInherit
                    | DiagnosticCode::ManualInheritFrom
            )
        })
        .filter(|d| d.range.intersect(range).is_some())
        .filter_map(|d| d.fix.as_ref())
        .map(|fix| Refactor {
            title: fix.title.clone(),
            edits: fix.edits.clone(),
        })
        .collect()
}
