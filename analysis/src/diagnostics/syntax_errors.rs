//! The parser's errors and CppNix's parse-time checks, as diagnostics. Undefined variables
//! come from name resolution instead (`undefined.rs`).

use super::{Diagnostic, DiagnosticCode};
use crate::db::{Db, SourceFile, parse};
use syntax::SyntaxErrorKind;

pub(super) fn check(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    let parse = parse(db, file);
    let semantic = syntax::validate::validate(&parse.tree());
    for error in parse.errors().iter().chain(&semantic) {
        let code = match error.kind {
            SyntaxErrorKind::Syntax => DiagnosticCode::SyntaxError,
            SyntaxErrorKind::DuplicateAttribute => DiagnosticCode::DuplicateAttribute,
            SyntaxErrorKind::DuplicateFormal => DiagnosticCode::DuplicateFormal,
            SyntaxErrorKind::DynamicAttribute => DiagnosticCode::DynamicAttribute,
            SyntaxErrorKind::InvalidLiteral => DiagnosticCode::InvalidLiteral,
            SyntaxErrorKind::NulByte => DiagnosticCode::NulInString,
            SyntaxErrorKind::UndefinedVariable => continue,
        };
        let mut diagnostic = Diagnostic::new(code, error.range, error.message.clone());
        diagnostic.related = error.related.clone();
        out.push(diagnostic);
    }
}
