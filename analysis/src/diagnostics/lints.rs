//! Style and deprecation lints on the syntax tree (statix's lints and a few more), each in
//! its own file. Every lint that has a safe rewrite offers it as a fix.

mod bool_comparison;
mod bool_simplification;
mod collapsible_let_in;
mod deprecated;
mod empty_let_inherit;
mod empty_list_concat;
mod empty_pattern;
mod eta_reduction;
mod manual_inherit;
mod repeated_keys;
mod useless_has_attr;
mod useless_parens;
mod util;

use super::Diagnostic;
use crate::db::{Db, SourceFile, parse};

type Lint = fn(&syntax::SyntaxNode, &mut Vec<Diagnostic>);

const LINTS: &[Lint] = &[
    bool_comparison::check,
    bool_simplification::check,
    collapsible_let_in::check,
    deprecated::check,
    empty_list_concat::check,
    empty_pattern::check,
    empty_let_inherit::check,
    eta_reduction::check,
    manual_inherit::check,
    repeated_keys::check,
    useless_has_attr::check,
    useless_parens::check,
];

pub(super) fn check(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    for node in parse(db, file).syntax().descendants() {
        for lint in LINTS {
            lint(&node, out);
        }
    }
}
