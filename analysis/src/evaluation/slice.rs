//! From the expression at the cursor to a standalone Nix expression with the same value:
//! the expression's text under a `let` that binds every name it needs, each to the text of
//! its own binding (and so on, transitively). Function arguments get the value their caller
//! is known to pass:
//! - in a `flake.nix`, the arguments of `outputs` are the flake's inputs and `self`;
//! - in a file that is a function (a module, a package), `lib` is nixpkgs' lib, found as
//!   the `nixpkgs` (or `nixpkgs-lib`) input of the nearest flake, else `<nixpkgs/lib>`,
//!   and `pkgs` that input's `legacyPackages` for this system, else `import <nixpkgs> { }`;
//!   `config` is the config of the configuration the module belongs to (see
//!   `ide/module_options.rs`);
//! - in a file some workspace file calls as `callPackage ./file { … }`, an argument is what
//!   that call passes: the set given by hand, else what `callPackage` takes from its scope
//!   (the caller's own expressions sliced the same way, a few callers deep);
//! - any argument with a default gets its default.
//!
//! Anything else (another argument, a name from `with`) is `Failure::Unknown`. Relative
//! path literals are written absolute, so that text from several files can be combined.

use super::Failure;
use crate::db::{Db, SourceFile, lower, name_resolution, parse};
use crate::hir::{BindingValue, Bindings, Expr, ExprId, Module, NameId, SourceMap};
use crate::name_res::{NameResolution, ResolveResult};
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Definitions followed at most: a longer chain is not worth evaluating for a completion.
const MAX_DEFINITIONS: usize = 64;

/// Callers followed at most (`callPackage` of a file that is itself `callPackage`d …).
const MAX_CALLERS: u32 = 4;

/// How a name is bound.
#[derive(Clone, Copy)]
enum Binder {
    Binding(BindingValue, ExprId),
    /// A formal of the lambda `ExprId`, with its default.
    Formal(ExprId, Option<ExprId>),
    /// `x:` or `x@` of the lambda.
    Param(ExprId),
}

/// The standalone expression for `expr` (then selecting `path`), and the directory its
/// relative paths start from.
pub fn standalone(
    ev: &super::Evaluator,
    file: SourceFile,
    expr: ExprId,
    path: &[String],
) -> Result<(String, PathBuf), Failure> {
    standalone_at(ev, file, expr, path, 0)
}

/// [`standalone`] for a file `depth` callers away from the one asked about.
fn standalone_at(
    ev: &super::Evaluator,
    file: SourceFile,
    expr: ExprId,
    path: &[String],
    depth: u32,
) -> Result<(String, PathBuf), Failure> {
    let db = ev.db;
    let (module, source_map) = lower(db, file);
    let file_path = file.path(db).clone();
    let mut slicer = Slicer {
        ev,
        depth,
        db,
        workspace: ev.workspace,
        options: ev.options,
        module,
        source_map,
        resolution: name_resolution(db, file),
        root: parse(db, file).syntax(),
        binders: binders(module),
        file_path: file_path.clone(),
        bound: FxHashMap::default(),
        lets: Vec::new(),
        visiting: FxHashSet::default(),
    };
    slicer.need(expr)?;
    let mut out = String::from("let\n");
    for (name, text) in &slicer.lets {
        let _ = writeln!(out, "  {name} = {text};");
    }
    let _ = write!(out, "in\n({})", slicer.text(expr)?);
    for name in path {
        let _ = write!(out, ".{}", quoted(name));
    }
    let base = file_path.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok((out, base))
}

struct Slicer<'a> {
    ev: &'a super::Evaluator<'a>,
    depth: u32,
    db: &'a dyn Db,
    workspace: Option<crate::db::Workspace>,
    options: &'a crate::ide::OptionsSetting,
    module: &'a Module,
    source_map: &'a SourceMap,
    resolution: &'a NameResolution,
    root: syntax::SyntaxNode,
    binders: FxHashMap<NameId, Binder>,
    file_path: PathBuf,
    /// Each name bound so far, by text: two different definitions of one name cannot
    /// share the flat `let`.
    bound: FxHashMap<String, NameId>,
    lets: Vec<(String, String)>,
    visiting: FxHashSet<NameId>,
}

fn binders(module: &Module) -> FxHashMap<NameId, Binder> {
    let mut out = FxHashMap::default();
    let add_bindings = |b: &Bindings, out: &mut FxHashMap<NameId, Binder>, owner| {
        for (name, value) in &b.statics {
            out.insert(*name, Binder::Binding(*value, owner));
        }
    };
    for id in module.expr_ids() {
        match module.expr(id) {
            Expr::Lambda { param, pat, .. } => {
                if let Some(p) = param {
                    out.insert(*p, Binder::Param(id));
                }
                if let Some(pat) = pat {
                    for (name, default) in &pat.fields {
                        if let Some(n) = name {
                            out.insert(*n, Binder::Formal(id, *default));
                        }
                    }
                }
            }
            Expr::LetIn(b, _) | Expr::RecAttrset(b) | Expr::LetAttrset(b) | Expr::Attrset(b) => {
                add_bindings(b, &mut out, id)
            }
            _ => {}
        }
    }
    out
}

/// `name` as a Nix string literal.
pub(crate) fn quoted(name: &str) -> String {
    let mut s = String::from("\"");
    for c in name.chars() {
        match c {
            '"' | '\\' | '$' => {
                s.push('\\');
                s.push(c);
            }
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

impl Slicer<'_> {
    fn text(&self, expr: ExprId) -> Result<String, Failure> {
        let node = self
            .source_map
            .expr_node(expr)
            .ok_or_else(|| Failure::Unknown("a set made of attribute paths".into()))?;
        let dir = self.file_path.parent().unwrap_or(Path::new("/"));
        Ok(absolute_text(&node.to_node(&self.root), dir))
    }

    fn range(&self, expr: ExprId) -> Option<syntax::TextRange> {
        Some(self.source_map.expr_node(expr)?.text_range())
    }

    /// Whether `def` is bound inside `within` (a name the expression binds itself).
    fn bound_inside(&self, def: NameId, within: Option<syntax::TextRange>) -> bool {
        let owner = match self.binders.get(&def) {
            Some(Binder::Binding(_, owner) | Binder::Formal(owner, _) | Binder::Param(owner)) => {
                *owner
            }
            None => return false,
        };
        within
            .zip(self.range(owner))
            .is_some_and(|(w, o)| w.contains_range(o))
    }

    /// Binds every name `expr` refers to but does not bind itself.
    fn need(&mut self, expr: ExprId) -> Result<(), Failure> {
        let within = self.range(expr);
        let mut stack = vec![expr];
        while let Some(e) = stack.pop() {
            if let Expr::Reference(name) = self.module.expr(e) {
                match self.resolution.get(e) {
                    Some(ResolveResult::Definition(def)) if self.bound_inside(*def, within) => {}
                    Some(ResolveResult::Definition(def)) => self.define(*def)?,
                    Some(ResolveResult::Builtin(_)) => {}
                    Some(ResolveResult::WithExprs(_)) => {
                        return Err(Failure::Unknown(format!("`{name}` comes from a `with`")));
                    }
                    None => return Err(Failure::Unknown(format!("`{name}` is not defined"))),
                }
            }
            stack.extend(self.module.expr(e).children());
        }
        Ok(())
    }

    fn bind(&mut self, def: NameId, text: String) -> Result<(), Failure> {
        let name = self.module.name(def).text.to_string();
        match self.bound.get(&name) {
            Some(other) if *other != def => Err(Failure::Unknown(format!(
                "two different bindings named `{name}` are involved"
            ))),
            Some(_) => Ok(()),
            None => {
                self.bound.insert(name.clone(), def);
                self.lets.push((name, text));
                Ok(())
            }
        }
    }

    fn define(&mut self, def: NameId) -> Result<(), Failure> {
        if self.bound.values().any(|d| *d == def) || !self.visiting.insert(def) {
            return Ok(());
        }
        if self.visiting.len() > MAX_DEFINITIONS {
            return Err(Failure::Unknown("too long a chain of definitions".into()));
        }
        let name = self.module.name(def).text.to_string();
        let binder = self
            .binders
            .get(&def)
            .copied()
            .ok_or_else(|| Failure::Unknown(format!("where `{name}` is bound")))?;
        match binder {
            Binder::Binding(BindingValue::Expr(e), _) => {
                self.need(e)?;
                let text = self.text(e)?;
                self.bind(def, text)
            }
            // `inherit x;` is the outer `x`, bound under the same name.
            Binder::Binding(BindingValue::Inherit(r), _) => self.need(r),
            Binder::Binding(BindingValue::InheritFrom(i), owner) => {
                let from = match self.module.expr(owner) {
                    Expr::LetIn(b, _)
                    | Expr::RecAttrset(b)
                    | Expr::LetAttrset(b)
                    | Expr::Attrset(b) => b.inherit_froms[i],
                    _ => {
                        return Err(Failure::Unknown(format!(
                            "where `{name}` is inherited from"
                        )));
                    }
                };
                self.need(from)?;
                let text = format!("({}).{}", self.text(from)?, quoted(&name));
                self.bind(def, text)
            }
            Binder::Formal(lambda, default) => match self
                .package_argument(lambda, &name)
                .or_else(|| self.argument(lambda, &name, false))
            {
                // Passed by a `callPackage` when given or in its scope, else the default.
                Some(text) if default.is_some() && self.module.entry == Some(lambda) => {
                    let d = default.expect("checked");
                    self.need(d)?;
                    let text = format!("({text} or ({}))", self.text(d)?);
                    self.bind(def, text)
                }
                Some(text) => self.bind(def, text),
                None => match default {
                    Some(d) => {
                        self.need(d)?;
                        let text = self.text(d)?;
                        self.bind(def, text)
                    }
                    None => Err(Failure::Unknown(format!(
                        "`{name}` is a function argument: its value depends on the caller"
                    ))),
                },
            },
            Binder::Param(lambda) => match self.argument(lambda, &name, true) {
                Some(text) => self.bind(def, text),
                None => Err(Failure::Unknown(format!(
                    "`{name}` is a function argument: its value depends on the caller"
                ))),
            },
        }
    }

    /// What a known caller passes for argument `name` of `lambda` (`whole`: the whole
    /// argument, `x:` or `x@`).
    fn argument(&self, lambda: ExprId, name: &str, whole: bool) -> Option<String> {
        if self.is_flake_outputs(lambda) {
            let dir = quoted(&self.file_path.parent()?.to_string_lossy());
            // The inputs from the lock alone; `self` needs this very file to parse.
            let inputs = format!("(builtins.__firnFlakeInputs {dir})");
            let this = format!("(builtins.getFlake {dir})");
            return Some(if whole {
                format!("({inputs} // {{ self = {this}; }})")
            } else if name == "self" {
                this
            } else {
                format!("{inputs}.{}", quoted(name))
            });
        }
        if !whole && self.module.entry == Some(lambda) {
            match name {
                "lib" => return Some(nixpkgs_lib(&self.file_path)),
                // The configuration's own `pkgs` (a stand-in, an overlay'd nixpkgs), else
                // the flake's nixpkgs.
                "pkgs" => {
                    let fallback = nixpkgs_packages(&self.file_path);
                    return Some(
                        match crate::ide::module_system(
                            self.db,
                            self.workspace,
                            self.options,
                            &self.file_path,
                        ) {
                            // `config` leaves `_module` out; the option's value has it.
                            Some(system) => format!(
                                "({}.options._module.args.value.pkgs or {fallback})",
                                system.expr
                            ),
                            None => fallback,
                        },
                    );
                }
                // The configuration's own config, for a module of one.
                "config" => {
                    let system = crate::ide::module_system(
                        self.db,
                        self.workspace,
                        self.options,
                        &self.file_path,
                    )?;
                    return Some(format!("{}.config", system.expr));
                }
                _ => {}
            }
        }
        None
    }

    /// What the first `callPackage ./this-file …` in the workspace passes for the formal
    /// `name` of this file's function: `callPackage` applied to a function with the same
    /// formals that returns its argument, so that the caller's `callPackage` (nixpkgs',
    /// `lib.callPackageWith scope`, …) picks the arguments as it would for this file.
    fn package_argument(&self, lambda: ExprId, name: &str) -> Option<String> {
        if self.module.entry != Some(lambda) || self.depth >= MAX_CALLERS {
            return None;
        }
        let Expr::Lambda { pat: Some(pat), .. } = self.module.expr(lambda) else {
            return None;
        };
        let callers = crate::db::package_callers(self.db, self.workspace?);
        let (caller, call) = callers.get(&self.file_path)?.first()?;
        let slice = |range| {
            let expr = expr_at(self.db, *caller, range)?;
            standalone_at(self.ev, *caller, expr, &[], self.depth + 1)
                .ok()
                .map(|(text, _)| text)
        };
        let function = slice(call.function)?;
        let overrides = match call.overrides {
            Some(range) => slice(range)?,
            None => "{ }".to_string(),
        };
        let formals: Vec<String> = pat
            .fields
            .iter()
            .filter_map(|(n, _)| n.map(|n| format!("{} ? null", self.module.name(n).text)))
            .collect();
        Some(format!(
            "(({function}) ({{ {}, ... }}@args: args) ({overrides})).{}",
            formals.join(", "),
            quoted(name)
        ))
    }

    /// Whether `lambda` is the `outputs` of a `flake.nix`.
    fn is_flake_outputs(&self, lambda: ExprId) -> bool {
        if self.file_path.file_name().is_none_or(|n| n != "flake.nix") {
            return false;
        }
        let Some(entry) = self.module.entry else {
            return false;
        };
        let (Expr::Attrset(b) | Expr::RecAttrset(b)) = self.module.expr(entry) else {
            return false;
        };
        b.statics.iter().any(|(n, v)| {
            self.module.name(*n).text == "outputs" && *v == BindingValue::Expr(lambda)
        })
    }
}

/// The expression of `file` whose node spans `range`.
fn expr_at(db: &dyn Db, file: SourceFile, range: syntax::TextRange) -> Option<ExprId> {
    let (_, source_map) = lower(db, file);
    let root = parse(db, file).syntax();
    let mut node = match root.covering_element(range) {
        rowan::NodeOrToken::Node(n) => n,
        rowan::NodeOrToken::Token(t) => t.parent()?,
    };
    while node.text_range() == range {
        let ptr = crate::hir::NodePtr::new(&node);
        if let Some(id) = source_map.node_to_expr.get(&ptr) {
            return Some(*id);
        }
        node = node.parent()?;
    }
    None
}

/// The node's text with its relative path literals (`./a`, `../b/${x}`) made absolute
/// from `dir`, so that the text means the same in an expression from another file. A path
/// whose absolute form is not a valid literal stays as it is.
fn absolute_text(node: &syntax::SyntaxNode, dir: &Path) -> String {
    use syntax::ast::AstNode;
    let text = node.text().to_string();
    let start = node.text_range().start();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for path in node.descendants().filter_map(syntax::ast::Path::cast) {
        let Some(rowan::NodeOrToken::Token(first)) = path.parts().next() else {
            continue;
        };
        if first.kind() != syntax::SyntaxKind::PATH_REL {
            continue;
        }
        let relative = first.text();
        let mut absolute = crate::imports::normalize(&dir.join(relative))
            .to_string_lossy()
            .into_owned();
        if relative.ends_with('/') && !absolute.ends_with('/') {
            absolute.push('/');
        }
        let valid = absolute
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-+/".contains(&b));
        if !valid {
            continue;
        }
        let from = usize::from(first.text_range().start() - start);
        let to = usize::from(first.text_range().end() - start);
        out.push_str(&text[copied..from]);
        out.push_str(&absolute);
        copied = to;
    }
    out.push_str(&text[copied..]);
    out
}

/// The inputs of the nearest flake above `file`, as an expression.
fn nearest_flake_inputs(file: &Path) -> Option<String> {
    let dir = file
        .ancestors()
        .skip(1)
        .find(|d| d.join("flake.nix").is_file())?;
    Some(format!(
        "(builtins.__firnFlakeInputs {})",
        quoted(&dir.to_string_lossy())
    ))
}

/// nixpkgs' packages as a module sees them: the nearest flake's `nixpkgs` input's
/// `legacyPackages` for this system, else `import <nixpkgs> { }`.
fn nixpkgs_packages(file: &Path) -> String {
    let fallback = "import <nixpkgs> { }".to_string();
    let Some(inputs) = nearest_flake_inputs(file) else {
        return fallback;
    };
    format!(
        "(if {inputs} ? nixpkgs && {inputs}.nixpkgs ? legacyPackages \
         then {inputs}.nixpkgs.legacyPackages.${{builtins.currentSystem}} else {fallback})"
    )
}

/// nixpkgs' lib as a module sees it: the nearest flake's `nixpkgs` or `nixpkgs-lib` input,
/// else `<nixpkgs/lib>`.
fn nixpkgs_lib(file: &Path) -> String {
    let fallback = "import <nixpkgs/lib>".to_string();
    let Some(inputs) = nearest_flake_inputs(file) else {
        return fallback;
    };
    format!(
        "(if {inputs} ? nixpkgs then {inputs}.nixpkgs.lib \
         else if {inputs} ? nixpkgs-lib then {inputs}.nixpkgs-lib.lib \
         else {fallback})"
    )
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn names_are_quoted_as_nix_strings() {
        assert_eq!(quoted("a"), "\"a\"");
        assert_eq!(quoted("a\"b${c}"), "\"a\\\"b\\${c}\"");
    }
}
