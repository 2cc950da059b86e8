//! Name resolution: which definition each variable reference means.
//!
//! Nix's rules: lexical scopes (`let`, `rec`, legacy `let { }`, lambda parameters) first, then
//! the global builtins, and only then the namespaces of enclosing `with`s (which is why
//! `with pkgs; map` is still the builtin `map`). `inherit x;` in a `let` or `rec` set reads `x`
//! from outside that set.

use crate::hir::{BindingValue, Bindings, Expr, ExprId, Module, NameId, SmolStr};
use rustc_hash::FxHashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveResult {
    Definition(NameId),
    Builtin(String),
    /// Defined at run time, if at all, by one of these `with` expressions (innermost first).
    WithExprs(Vec<ExprId>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameResolution {
    /// Every reference that resolves; a reference missing here is undefined.
    pub resolved: FxHashMap<ExprId, ResolveResult>,
}

impl NameResolution {
    pub fn get(&self, reference: ExprId) -> Option<&ResolveResult> {
        self.resolved.get(&reference)
    }

    /// The references to each definition.
    pub fn references(&self) -> FxHashMap<NameId, Vec<ExprId>> {
        let mut out: FxHashMap<NameId, Vec<ExprId>> = FxHashMap::default();
        for (expr, result) in &self.resolved {
            if let ResolveResult::Definition(name) = result {
                out.entry(*name).or_default().push(*expr);
            }
        }
        for refs in out.values_mut() {
            refs.sort();
        }
        out
    }
}

enum Scope {
    Names(FxHashMap<SmolStr, NameId>),
    With(ExprId),
}

struct ScopeData {
    parent: Option<usize>,
    scope: Scope,
}

pub fn resolve(module: &Module) -> NameResolution {
    let mut scopes: Vec<ScopeData> = Vec::new();
    let mut resolved = FxHashMap::default();
    let Some(entry) = module.entry else {
        return NameResolution { resolved };
    };
    // An explicit work list: no recursion, whatever the depth of the file.
    let mut work: Vec<(ExprId, Option<usize>)> = vec![(entry, None)];
    let new_scope = |scopes: &mut Vec<ScopeData>, parent, scope| {
        scopes.push(ScopeData { parent, scope });
        Some(scopes.len() - 1)
    };
    while let Some((id, scope)) = work.pop() {
        match module.expr(id) {
            Expr::Reference(name) => {
                if let Some(result) = lookup(&scopes, scope, name) {
                    resolved.insert(id, result);
                }
            }
            Expr::Lambda { param, pat, body } => {
                let mut names = FxHashMap::default();
                for name in param.iter().chain(
                    pat.iter()
                        .flat_map(|p| p.fields.iter().filter_map(|(n, _)| n.as_ref())),
                ) {
                    names.insert(module.name(*name).text.clone(), *name);
                }
                let inner = new_scope(&mut scopes, scope, Scope::Names(names));
                if let Some(pat) = pat {
                    work.extend(pat.fields.iter().filter_map(|(_, d)| d.map(|d| (d, inner))));
                }
                work.push((*body, inner));
            }
            Expr::With { env, body } => {
                work.push((*env, scope));
                let inner = new_scope(&mut scopes, scope, Scope::With(id));
                work.push((*body, inner));
            }
            Expr::LetIn(bindings, body) => {
                let inner = new_scope(&mut scopes, scope, Scope::Names(names_of(module, bindings)));
                push_bindings(&mut work, bindings, scope, inner);
                work.push((*body, inner));
            }
            Expr::RecAttrset(bindings) | Expr::LetAttrset(bindings) => {
                let inner = new_scope(&mut scopes, scope, Scope::Names(names_of(module, bindings)));
                push_bindings(&mut work, bindings, scope, inner);
            }
            Expr::Attrset(bindings) => push_bindings(&mut work, bindings, scope, scope),
            other => work.extend(other.children().into_iter().map(|c| (c, scope))),
        }
    }
    NameResolution { resolved }
}

fn names_of(module: &Module, bindings: &Bindings) -> FxHashMap<SmolStr, NameId> {
    bindings
        .statics
        .iter()
        .map(|(name, _)| (module.name(*name).text.clone(), *name))
        .collect()
}

/// Values see `inner`; plain `inherit x;` reads `x` from `outer`.
fn push_bindings(
    work: &mut Vec<(ExprId, Option<usize>)>,
    bindings: &Bindings,
    outer: Option<usize>,
    inner: Option<usize>,
) {
    work.extend(bindings.inherit_froms.iter().map(|e| (*e, inner)));
    for (_, value) in &bindings.statics {
        match value {
            BindingValue::Expr(e) => work.push((*e, inner)),
            BindingValue::Inherit(e) => work.push((*e, outer)),
            BindingValue::InheritFrom(_) => {}
        }
    }
    for (k, v) in &bindings.dynamics {
        work.extend([(*k, inner), (*v, inner)]);
    }
}

fn lookup(scopes: &[ScopeData], mut scope: Option<usize>, name: &str) -> Option<ResolveResult> {
    let mut withs = Vec::new();
    while let Some(index) = scope {
        match &scopes[index].scope {
            Scope::Names(names) => {
                if let Some(id) = names.get(name) {
                    return Some(ResolveResult::Definition(*id));
                }
            }
            Scope::With(expr) => withs.push(*expr),
        }
        scope = scopes[index].parent;
    }
    if syntax::is_global_name(name) {
        Some(ResolveResult::Builtin(name.to_string()))
    } else if !withs.is_empty() {
        Some(ResolveResult::WithExprs(withs))
    } else {
        None
    }
}
