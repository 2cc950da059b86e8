//! Find references across the workspace.
//!
//! A binding is found through its variable uses (name resolution) and, when it is an
//! attribute, through every `x.name`, `x ? name`, `inherit (x) name` and `with x; name` of
//! every known file whose `x` the analyzer can follow to the set defining it (through
//! `import`, `let`, selections, `//`: see `attr_sets.rs`). `inherit` links two bindings
//! (the copy and its source), so both are searched: renaming one renames the other.

use super::attr_sets::{Loc, Resolver};
use super::{NameAt, name_at};
use crate::db::{Db, SourceFile, Workspace, lower, module, name_resolution};
use crate::hir::{BindingValue, Bindings, Expr, ExprId, Literal, Module, NameId, NameKind};
use crate::name_res::ResolveResult;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use syntax::{TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub path: PathBuf,
    pub range: TextRange,
    /// The binding itself (or the one it copies with `inherit`), not a use of it.
    pub is_definition: bool,
}

/// A binding: a name defined in a file.
type Symbol = (SourceFile, NameId);

/// What a search found, by file.
pub(crate) struct Found {
    pub refs: Vec<(SourceFile, TextRange, bool)>,
    /// Why renaming would be unsafe, if it would (a copy of a set the analyzer cannot see).
    pub blocked: Option<String>,
}

/// The definitions (first) and uses of the binding at `offset`, in every known file.
pub fn references(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Vec<Reference> {
    let Some(found) = search(db, workspace, file, offset) else {
        return Vec::new();
    };
    found
        .refs
        .into_iter()
        .map(|(f, range, is_definition)| Reference {
            path: f.path(db).clone(),
            range,
            is_definition,
        })
        .collect()
}

pub(crate) fn search(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Option<Found> {
    let start = symbol_at(db, workspace, file, offset)?;
    let mut search = Search {
        db,
        workspace,
        seen: FxHashSet::default(),
        queue: vec![(start, true)],
        defs: Vec::new(),
        uses: Vec::new(),
        blocked: None,
    };
    while let Some((symbol, primary)) = search.queue.pop() {
        if search.seen.insert(symbol) {
            search.visit(symbol, primary);
        }
    }
    let mut refs: Vec<(SourceFile, TextRange, bool)> = Vec::new();
    let mut taken: FxHashSet<(SourceFile, TextRange)> = FxHashSet::default();
    for (f, range) in &search.defs {
        if taken.insert((*f, *range)) {
            refs.push((*f, *range, true));
        }
    }
    let mut uses = search.uses;
    uses.sort_by(|a, b| (a.0.path(db), a.1.start()).cmp(&(b.0.path(db), b.1.start())));
    for (f, range) in uses {
        if taken.insert((f, range)) {
            refs.push((f, range, false));
        }
    }
    Some(Found {
        refs,
        blocked: search.blocked,
    })
}

/// The binding the identifier at `offset` defines or means.
fn symbol_at(
    db: &dyn Db,
    workspace: Option<Workspace>,
    file: SourceFile,
    offset: TextSize,
) -> Option<Symbol> {
    let expr = match name_at(db, file, offset)? {
        NameAt::Definition(name) => return Some((file, name)),
        NameAt::Reference(expr) => expr,
    };
    let module = module(db, file);
    let mut resolver = Resolver::new(db, workspace);
    match module.expr(expr) {
        Expr::Reference(text) => match name_resolution(db, file).get(expr)? {
            ResolveResult::Definition(name) => Some((file, *name)),
            ResolveResult::WithExprs(withs) => withs.iter().find_map(|w| {
                let Expr::With { env, .. } = module.expr(*w) else {
                    return None;
                };
                let env = Loc { file, expr: *env };
                resolver.defining(env, &[], text).into_iter().next()
            }),
            ResolveResult::Builtin(_) => None,
        },
        // An attribute name in `x.a.b` or `x ? a.b`.
        Expr::Literal(Literal::String(text)) => module.expr_ids().find_map(|id| {
            let (base, path) = selection(module, id)?;
            let index = path.iter().position(|p| *p == expr)?;
            let prefix = static_names(module, &path[..index])?;
            let base = Loc { file, expr: base };
            resolver.defining(base, &prefix, text).into_iter().next()
        }),
        _ => None,
    }
}

struct Search<'db> {
    db: &'db dyn Db,
    workspace: Option<Workspace>,
    seen: FxHashSet<Symbol>,
    /// Bindings still to search, and whether each is a definition of what was asked for
    /// (the binding itself, or a source it copies) rather than a copy at a use.
    queue: Vec<(Symbol, bool)>,
    defs: Vec<(SourceFile, TextRange)>,
    uses: Vec<(SourceFile, TextRange)>,
    blocked: Option<String>,
}

impl Search<'_> {
    fn visit(&mut self, (file, name): Symbol, primary: bool) {
        let db = self.db;
        let (hir, source_map) = lower(db, file);
        let ranges = source_map
            .name_nodes(name)
            .iter()
            .map(|p| (file, p.text_range()));
        if primary {
            self.defs.extend(ranges);
        } else {
            self.uses.extend(ranges);
        }
        let facts = BindingFacts::of(hir);
        let text = &hir.name(name).text;
        // What this binding copies.
        match facts.values.get(&name) {
            Some(BindingValue::Inherit(reference)) => {
                match name_resolution(db, file).get(*reference) {
                    Some(ResolveResult::Definition(source)) => {
                        self.queue.push(((file, *source), primary));
                    }
                    _ => self.block(text),
                }
            }
            Some(BindingValue::InheritFrom(_)) => {
                let sources = match facts.inherit_from.get(&name) {
                    Some(&expr) => {
                        Resolver::new(db, self.workspace).defining(Loc { file, expr }, &[], text)
                    }
                    None => Vec::new(),
                };
                if sources.is_empty() {
                    self.block(text);
                }
                self.queue.extend(sources.into_iter().map(|s| (s, primary)));
            }
            _ => {}
        }
        // Variable uses; a use by `inherit x;` makes a copy, searched in turn.
        if hir.name(name).kind.is_variable()
            && let Some(uses) = name_resolution(db, file).references().get(&name)
        {
            for expr in uses {
                if let Some(ptr) = source_map.expr_node(*expr) {
                    self.uses.push((file, ptr.text_range()));
                }
                if let Some(copy) = facts.inherited_by.get(expr) {
                    self.queue.push(((file, *copy), false));
                }
            }
        }
        if matches!(
            hir.name(name).kind,
            NameKind::PlainAttrset | NameKind::RecAttrset
        ) {
            self.attribute_uses((file, name), text);
        }
    }

    fn block(&mut self, name: &str) {
        self.blocked.get_or_insert_with(|| {
            format!("`{name}` is copied by `inherit` from a set the analyzer cannot see")
        });
    }

    /// Selections, `inherit (x)` and `with` lookups of the attribute `symbol`, in every
    /// file whose text mentions its name.
    fn attribute_uses(&mut self, symbol: Symbol, text: &str) {
        let db = self.db;
        let files: Vec<SourceFile> = match self.workspace {
            Some(ws) => ws.files(db).clone(),
            None => vec![symbol.0],
        };
        for file in files {
            if !file.text(db).contains(text) {
                continue;
            }
            let (hir, source_map) = lower(db, file);
            let workspace = self.workspace;
            // A fresh budget per question: one long chain must not starve the others.
            let means = |loc: Loc, path: &[String]| {
                Resolver::new(db, workspace)
                    .defining(loc, path, text)
                    .contains(&symbol)
            };
            for id in hir.expr_ids() {
                let at = |expr| Loc { file, expr };
                if let Some((base, path)) = selection(hir, id) {
                    for (index, attr) in path.iter().enumerate() {
                        let is_name = matches!(hir.expr(*attr), Expr::Literal(Literal::String(s)) if s == text);
                        if !is_name {
                            continue;
                        }
                        let Some(prefix) = static_names(hir, &path[..index]) else {
                            break;
                        };
                        if means(at(base), &prefix)
                            && let Some(ptr) = source_map.expr_node(*attr)
                        {
                            self.uses.push((file, ptr.text_range()));
                        }
                    }
                }
                match hir.expr(id) {
                    Expr::Reference(r) if r == text => {
                        let Some(ResolveResult::WithExprs(withs)) =
                            name_resolution(db, file).get(id)
                        else {
                            continue;
                        };
                        let found = withs.iter().any(|w| {
                            matches!(hir.expr(*w), Expr::With { env, .. } if means(at(*env), &[]))
                        });
                        if found && let Some(ptr) = source_map.expr_node(id) {
                            self.uses.push((file, ptr.text_range()));
                        }
                    }
                    Expr::LetIn(bindings, _)
                    | Expr::Attrset(bindings)
                    | Expr::RecAttrset(bindings)
                    | Expr::LetAttrset(bindings) => {
                        for (copy, from) in inherits_from(hir, bindings, text) {
                            if means(at(from), &[]) {
                                self.queue.push(((file, copy), false));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `inherit (from) name;` bindings of `name` in `bindings`: (the copy, `from`).
fn inherits_from<'a>(
    hir: &'a Module,
    bindings: &'a Bindings,
    name: &'a str,
) -> impl Iterator<Item = (NameId, ExprId)> + 'a {
    bindings
        .statics
        .iter()
        .filter_map(move |(n, value)| match value {
            BindingValue::InheritFrom(i) if hir.name(*n).text == name => {
                Some((*n, *bindings.inherit_froms.get(*i)?))
            }
            _ => None,
        })
}

/// The set and attribute path of `x.a.b` or `x ? a.b`.
fn selection(hir: &Module, id: ExprId) -> Option<(ExprId, &[ExprId])> {
    match hir.expr(id) {
        Expr::Select(base, path, _) | Expr::HasAttr(base, path) => Some((*base, path)),
        _ => None,
    }
}

/// The names of a path, if all are static.
fn static_names(hir: &Module, path: &[ExprId]) -> Option<Vec<String>> {
    path.iter()
        .map(|p| match hir.expr(*p) {
            Expr::Literal(Literal::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// How the bindings of a file get their values, indexed for the search.
struct BindingFacts {
    values: FxHashMap<NameId, BindingValue>,
    /// The `from` of each `inherit (from) name;`.
    inherit_from: FxHashMap<NameId, ExprId>,
    /// The binding each `inherit x;` reference makes.
    inherited_by: FxHashMap<ExprId, NameId>,
}

impl BindingFacts {
    fn of(hir: &Module) -> BindingFacts {
        let mut facts = BindingFacts {
            values: super::binding_values(hir),
            inherit_from: FxHashMap::default(),
            inherited_by: FxHashMap::default(),
        };
        for expr in &hir.exprs {
            let (Expr::LetIn(b, _) | Expr::Attrset(b) | Expr::RecAttrset(b) | Expr::LetAttrset(b)) =
                expr
            else {
                continue;
            };
            for (name, value) in &b.statics {
                match value {
                    BindingValue::Inherit(reference) => {
                        facts.inherited_by.insert(*reference, *name);
                    }
                    BindingValue::InheritFrom(i) => {
                        if let Some(from) = b.inherit_froms.get(*i) {
                            facts.inherit_from.insert(*name, *from);
                        }
                    }
                    BindingValue::Expr(_) => {}
                }
            }
        }
        facts
    }
}
