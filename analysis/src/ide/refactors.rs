//! Refactors offered as code actions where the cursor is, one file each in `refactors/`.
//! Each rewrites the text of one binding or literal and keeps its meaning.

mod attrpath_nesting;
mod from_fixes;
mod inherit_expansion;
mod string_kind;

use crate::TextEdit;
use crate::db::{Db, SourceFile, parse};
use syntax::{SyntaxNode, TextRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refactor {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// The refactors that apply to the binding at `range`.
pub fn refactors(db: &dyn Db, file: SourceFile, range: TextRange) -> Vec<Refactor> {
    let root = parse(db, file).syntax();
    let node = super::covering_node(&root, range);
    let checks: [fn(&SyntaxNode) -> Option<Refactor>; 4] = [
        attrpath_nesting::nest,
        attrpath_nesting::flatten,
        inherit_expansion::expand,
        string_kind::toggle,
    ];
    let mut out: Vec<Refactor> = checks.iter().filter_map(|check| check(&node)).collect();
    out.extend(from_fixes::from_fixes(db, file, range));
    out
}
