//! What attribute set an expression stands for, as far as the text shows: through
//! variables (`let`, `rec`, `inherit`), selections, `//`, `let … in`, `with … ;` bodies,
//! function bodies (a module `{ lib, ... }: { … }` gives its set) and `import ./file.nix`
//! of files the database knows. Used by completion after `x.`; never evaluates.

use super::{binding_values, name_value};
use crate::db::{
    Db, SourceFile, Workspace, file_imports, files_by_path, lower, module, name_resolution,
};
use crate::hir::{BindingValue, Bindings, Expr, ExprId, Literal, NameId, SmolStr};
use crate::name_res::ResolveResult;
use syntax::ast::BinaryOp;

/// Steps allowed in one question: enough for real chains, and a bound on cycles
/// (`let a = a.b; in a.`) and mutual imports.
const FUEL: u32 = 64;

/// An expression in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    pub file: SourceFile,
    pub expr: ExprId,
}

/// One attribute of a set the analyzer found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attr {
    pub name: SmolStr,
    pub value: Option<Loc>,
}

pub(crate) struct Resolver<'db> {
    db: &'db dyn Db,
    workspace: Option<Workspace>,
    fuel: u32,
}

impl<'db> Resolver<'db> {
    pub fn new(db: &'db dyn Db, workspace: Option<Workspace>) -> Self {
        Resolver {
            db,
            workspace,
            fuel: FUEL,
        }
    }

    /// The attributes of the set `loc` evaluates to (those of every set found, for `//`
    /// the right side's last). Empty when it cannot be seen.
    pub fn attrs(&mut self, loc: Loc) -> Vec<Attr> {
        let mut out: Vec<Attr> = Vec::new();
        for set in self.sets(loc) {
            let module = module(self.db, set.file);
            let bindings = match module.expr(set.expr) {
                Expr::Attrset(b) | Expr::RecAttrset(b) | Expr::LetAttrset(b) => b,
                _ => continue,
            };
            for (name, value) in &bindings.statics {
                let text = module.name(*name).text.clone();
                let value = self.binding_value(set.file, bindings, *value, &text);
                out.retain(|a| a.name != text);
                out.push(Attr { name: text, value });
            }
        }
        out
    }

    /// The attributes of `loc.path…`.
    pub fn attrs_at_path(&mut self, loc: Loc, path: &[String]) -> Vec<Attr> {
        let mut current = vec![loc];
        for name in path {
            let next: Vec<Loc> = current
                .iter()
                .flat_map(|l| self.attrs(*l))
                .filter(|a| a.name == name)
                .filter_map(|a| a.value)
                .collect();
            current = next;
        }
        let mut out: Vec<Attr> = Vec::new();
        for l in current {
            for a in self.attrs(l) {
                out.retain(|b| b.name != a.name);
                out.push(a);
            }
        }
        out
    }

    /// The bindings that define `name` in the set at `loc.path…` (one per set found: a
    /// `//` chain may hold several). Used to tell whether `x.a.name` means a given binding.
    pub fn defining(&mut self, loc: Loc, path: &[String], name: &str) -> Vec<(SourceFile, NameId)> {
        let mut current = vec![loc];
        for step in path {
            current = current
                .iter()
                .flat_map(|l| self.attrs(*l))
                .filter(|a| a.name == step)
                .filter_map(|a| a.value)
                .collect();
        }
        let mut out = Vec::new();
        let sets: Vec<Loc> = current.into_iter().flat_map(|l| self.sets(l)).collect();
        for set in sets {
            let module = module(self.db, set.file);
            if let Expr::Attrset(b) | Expr::RecAttrset(b) | Expr::LetAttrset(b) =
                module.expr(set.expr)
            {
                out.extend(
                    b.statics
                        .iter()
                        .filter(|(n, _)| module.name(*n).text == name)
                        .map(|(n, _)| (set.file, *n)),
                );
            }
        }
        out
    }

    fn binding_value(
        &mut self,
        file: SourceFile,
        bindings: &Bindings,
        value: BindingValue,
        name: &str,
    ) -> Option<Loc> {
        match value {
            BindingValue::Expr(expr) | BindingValue::Inherit(expr) => Some(Loc { file, expr }),
            BindingValue::InheritFrom(i) => {
                let from = Loc {
                    file,
                    expr: *bindings.inherit_froms.get(i)?,
                };
                self.attrs(from).into_iter().find(|a| a.name == name)?.value
            }
        }
    }

    /// The set expressions `loc` stands for.
    fn sets(&mut self, loc: Loc) -> Vec<Loc> {
        if self.fuel == 0 {
            return Vec::new();
        }
        self.fuel -= 1;
        let module = module(self.db, loc.file);
        let at = |expr| Loc {
            file: loc.file,
            expr,
        };
        match module.expr(loc.expr) {
            Expr::Attrset(_) | Expr::RecAttrset(_) | Expr::LetAttrset(_) => vec![loc],
            Expr::Reference(_) => self.reference(loc).map_or_else(Vec::new, |l| self.sets(l)),
            Expr::Select(base, path, _) => {
                let names: Option<Vec<String>> = path
                    .iter()
                    .map(|p| match module.expr(*p) {
                        Expr::Literal(Literal::String(s)) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                let Some((last, init)) = names.as_deref().and_then(|n| n.split_last()) else {
                    return Vec::new();
                };
                let attrs = self.attrs_at_path(at(*base), init);
                match attrs
                    .into_iter()
                    .find(|a| a.name == last)
                    .and_then(|a| a.value)
                {
                    Some(value) => self.sets(value),
                    None => Vec::new(),
                }
            }
            Expr::Binary(Some(BinaryOp::Update), left, right) => {
                let mut sets = self.sets(at(*left));
                sets.extend(self.sets(at(*right)));
                sets
            }
            Expr::LetIn(_, body) | Expr::With { body, .. } | Expr::Assert { body, .. } => {
                self.sets(at(*body))
            }
            Expr::Lambda { body, .. } => self.sets(at(*body)),
            Expr::Apply(function, argument) => {
                match self.imported(loc.file, *function, *argument) {
                    Some(entry) => self.sets(entry),
                    // A call gives what the function's body gives.
                    None => self.sets(at(*function)),
                }
            }
            _ => Vec::new(),
        }
    }

    /// The definition a variable refers to, as an expression.
    fn reference(&self, loc: Loc) -> Option<Loc> {
        let resolution = name_resolution(self.db, loc.file);
        let ResolveResult::Definition(name) = resolution.get(loc.expr)? else {
            return None;
        };
        let (module, _) = lower(self.db, loc.file);
        let expr = name_value(&binding_values(module), resolution, *name)?;
        Some(Loc {
            file: loc.file,
            expr,
        })
    }

    /// For `import ./p` (and `callPackage ./p`, as `imports.rs` sees them): the entry of
    /// the imported file, if the database knows it.
    fn imported(&self, file: SourceFile, function: ExprId, argument: ExprId) -> Option<Loc> {
        let (hir, source_map) = lower(self.db, file);
        let is_path = matches!(hir.expr(argument), Expr::Literal(Literal::Path(_)));
        let is_import = match hir.expr(function) {
            Expr::Reference(_) => matches!(
                name_resolution(self.db, file).get(function),
                Some(ResolveResult::Builtin(b)) if b == "import"
            ),
            _ => false,
        };
        if !is_path || !is_import {
            return None;
        }
        let range = source_map.expr_node(argument)?.text_range();
        let target = &file_imports(self.db, file)
            .iter()
            .find(|i| i.range == range)?
            .target;
        let imported = *files_by_path(self.db, self.workspace?).get(target)?;
        Some(Loc {
            file: imported,
            expr: module(self.db, imported).entry?,
        })
    }
}
