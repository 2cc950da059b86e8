//! Undefined variables, as CppNix's `bindVars` finds them: names come from `let`, `rec`,
//! legacy `let { }`, lambda parameters and the global scope; under `with` every name may be
//! defined at run time. `inherit x;` in a `let` or `rec` set looks `x` up outside that set.

use super::attrs::RecMerges;
use crate::{
    SyntaxError, SyntaxErrorKind,
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode, HasBindings},
    is_global_name,
};
use std::collections::HashSet;

enum Scope {
    Names(HashSet<String>),
    With,
}

#[derive(Default)]
pub(super) struct ScopeChecker {
    /// Each scope with the node that opened it.
    stack: Vec<(SyntaxNode, Scope)>,
}

impl ScopeChecker {
    pub(super) fn enter(
        &mut self,
        node: &SyntaxNode,
        merges: &RecMerges,
        errors: &mut Vec<SyntaxError>,
    ) {
        // A value merged into a `rec` set written elsewhere is bound in that set's scope.
        if let Some(rec) = merges.moved.get(node) {
            let names = rec_scope_names(rec, merges);
            self.stack.push((node.clone(), Scope::Names(names)));
        }
        // The body of `with e; body` (not `e` itself) sees the namespace's attributes.
        if is_with_body(node) {
            self.stack.push((node.clone(), Scope::With));
        }
        if let Some(scope) = scope_opened_by(node, merges) {
            self.stack.push((node.clone(), scope));
        }
        if node.kind() == IDENT_NODE {
            self.check_reference(node, errors);
        }
    }

    pub(super) fn leave(&mut self, node: &SyntaxNode) {
        while self.stack.last().is_some_and(|(owner, _)| owner == node) {
            self.stack.pop();
        }
    }

    fn check_reference(&self, node: &SyntaxNode, errors: &mut Vec<SyntaxError>) {
        let Some(parent) = node.parent() else {
            return;
        };
        let skip_owner = match parent.kind() {
            // An attribute name, not a variable.
            ATTRPATH => return,
            INHERIT => {
                if ast::Inherit::cast(parent.clone()).is_some_and(|i| i.from().is_some()) {
                    return;
                }
                // `inherit x;` reads `x` from outside the set or `let` it belongs to.
                parent.parent()
            }
            _ => None,
        };
        let Some(ident) = ast::Ident::cast(node.clone()).and_then(|i| i.ident_token()) else {
            return;
        };
        let name = ident.text();
        if name == "__curPos" || self.is_defined(name, skip_owner.as_ref()) {
            return;
        }
        errors.push(
            SyntaxError::new(format!("undefined variable '{name}'"), ident.text_range())
                .with_kind(SyntaxErrorKind::UndefinedVariable),
        );
    }

    fn is_defined(&self, name: &str, skip_owner: Option<&SyntaxNode>) -> bool {
        for (owner, scope) in self.stack.iter().rev() {
            match scope {
                Scope::Names(_) if Some(owner) == skip_owner => {}
                Scope::With => return true,
                Scope::Names(names) if names.contains(name) => return true,
                Scope::Names(_) => {}
            }
        }
        is_global_name(name)
    }
}

fn scope_opened_by(node: &SyntaxNode, merges: &RecMerges) -> Option<Scope> {
    match node.kind() {
        LAMBDA => {
            let param = ast::Lambda::cast(node.clone())?.param()?;
            let mut names = HashSet::new();
            match param {
                ast::Param::IdentParam(p) => {
                    names.extend(p.ident_token().map(|t| t.text().to_string()));
                }
                ast::Param::Pattern(p) => {
                    for entry in p.pat_entries() {
                        names.extend(entry.ident_token().map(|t| t.text().to_string()));
                    }
                    names.extend(
                        p.pat_bind()
                            .and_then(|b| b.ident_token())
                            .map(|t| t.text().to_string()),
                    );
                }
            }
            Some(Scope::Names(names))
        }
        LET_IN => Some(Scope::Names(binding_names(
            ast::LetIn::cast(node.clone())?.bindings(),
        ))),
        LEGACY_LET => Some(Scope::Names(binding_names(
            ast::LegacyLet::cast(node.clone())?.bindings(),
        ))),
        ATTR_SET => {
            let set = ast::AttrSet::cast(node.clone())?;
            (set.is_rec() && !merges.discarded.contains(node))
                .then(|| Scope::Names(rec_scope_names(node, merges)))
        }
        _ => None,
    }
}

/// The names a `rec` set defines, including those merged into it from outside.
fn rec_scope_names(node: &SyntaxNode, merges: &RecMerges) -> HashSet<String> {
    let mut names = ast::AttrSet::cast(node.clone())
        .map(|set| binding_names(set.bindings()))
        .unwrap_or_default();
    if let Some(extra) = merges.extra_names.get(node) {
        names.extend(extra.iter().cloned());
    }
    names
}

fn is_with_body(node: &SyntaxNode) -> bool {
    node.parent()
        .filter(|p| p.kind() == WITH)
        .and_then(ast::With::cast)
        .and_then(|w| w.body())
        .is_some_and(|body| body.syntax() == node)
}

/// The names a set of bindings defines: the first attribute of each path, and inherits.
fn binding_names(bindings: impl Iterator<Item = ast::Binding>) -> HashSet<String> {
    let mut names = HashSet::new();
    for binding in bindings {
        match binding {
            ast::Binding::AttrpathValue(b) => {
                names.extend(
                    b.attrpath()
                        .and_then(|p| p.attrs().next())
                        .and_then(|a| a.static_name()),
                );
            }
            ast::Binding::Inherit(i) => names.extend(i.attrs().filter_map(|a| a.static_name())),
        }
    }
    names
}
