//! Which module system a file belongs to, found without configuration. In this order:
//! 1. the `firn.options` setting, when one of its patterns matches the file (for the rare
//!    case discovery is wrong);
//! 2. the nearest flake above the file that names it by a path, directly or through the
//!    `imports` of the modules it names: in `<kind>Configurations.<name>` (that
//!    configuration), in `<kind>Modules.<name>` (a configuration of that kind of the same
//!    flake, with the module added), or in the module of a flake-parts `mkFlake` call (that
//!    flake-parts evaluation);
//! 3. a module the flake does not name: by the options it sets (`home.*` → a home-manager
//!    configuration, `boot.*` → NixOS, `perSystem` → flake-parts) among the flake's.
//!
//! All of it reads text (the analyzer's, or the disk's for files it does not hold):
//! nothing is evaluated, fetched or built to find the system.

use crate::db::{Db, SourceFile, Workspace, files_by_path, parse};
use crate::evaluation::slice::quoted;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use syntax::SyntaxKind::*;
use syntax::SyntaxNode;
use syntax::ast::{self, AstNode};

/// A module system: an expression whose value has its `options` (and `config`, for a
/// configuration), evaluated with relative paths from `base_dir`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleSystem {
    pub base_dir: PathBuf,
    pub expr: String,
    /// What it is, for people: `homeConfigurations.me`, `flake-parts (mkFlake)`.
    pub name: String,
    /// `[kind, name]` when it is a configuration the flake in `base_dir` outputs as is.
    pub flake_attr: Option<Vec<String>>,
}

/// The `firn.options` setting: an expression for every module, or one per pattern of
/// paths (globs relative to the workspace root; the longest matching pattern wins).
#[derive(Clone, Debug, Default)]
pub struct OptionsSetting {
    root: PathBuf,
    rules: Vec<(String, globset::GlobMatcher, String)>,
}

impl OptionsSetting {
    /// From `(pattern, expression)` pairs; a pattern that is not a glob is reported and
    /// left out, the others still apply.
    pub fn new(root: PathBuf, rules: Vec<(String, String)>) -> (OptionsSetting, Vec<String>) {
        let mut errors = Vec::new();
        let mut kept = Vec::new();
        for (pattern, expr) in rules {
            match globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
            {
                Ok(glob) => kept.push((pattern, glob.compile_matcher(), expr)),
                Err(e) => errors.push(format!("firn.options: `{pattern}`: {e}")),
            }
        }
        kept.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
        (OptionsSetting { root, rules: kept }, errors)
    }

    fn system_for(&self, file: &Path) -> Option<ModuleSystem> {
        let relative = file.strip_prefix(&self.root).ok()?;
        let (pattern, _, expr) = self.rules.iter().find(|(_, g, _)| g.is_match(relative))?;
        // An options tree, or anything holding one (a configuration, an evalModules result).
        let expr = format!(
            "(let v = ({expr}\n); in if builtins.isAttrs v && v ? options && (v ? config || v._type or null == \"configuration\") then {} else {{ options = v; }})",
            unchecked("v")
        );
        Some(ModuleSystem {
            base_dir: self.root.clone(),
            expr,
            name: format!("the firn.options setting (`{pattern}`)"),
            flake_attr: None,
        })
    }
}

/// `c` (an expression for a configuration) unchecked (`_module.check = mkForce false`):
/// the options and config of a configuration whose modules set options that do not exist
/// (what the diagnostics report) must still be readable.
fn unchecked(c: &str) -> String {
    format!(
        "(let c = {c}; in if c ? extendModules then c.extendModules {{ modules = [ {{ _module.check = {{ _type = \"override\"; priority = 50; content = false; }}; }} ]; }} else c)"
    )
}

/// A path as a Nix expression (any bytes: `/. + "…"`).
fn path_expr(path: &Path) -> String {
    format!("(/. + {})", quoted(&path.to_string_lossy()))
}

/// The configuration `[kind, name]` of the flake in `dir`, unchecked.
fn flake_configuration(dir: &Path, attr: &[String]) -> String {
    unchecked(&format!(
        "(builtins.getFlake {}).{}.{}",
        quoted(&dir.to_string_lossy()),
        attr[0],
        attr[1]
    ))
}

/// The flake in `dir` with flake-parts' `mkFlake` answering its evaluation (an
/// `evalModules` result) rather than the outputs it makes: the flake's own module set,
/// with every module its `mkFlake` call names.
fn flake_parts_evaluation(dir: &Path) -> String {
    let dir = quoted(&dir.to_string_lossy());
    unchecked(&format!(
        "(let
  inputs = builtins.__firnFlakeInputs {dir};
  patch = i: if i ? lib.mkFlake && i.lib ? evalFlakeModule then i // {{ lib = i.lib // {{ mkFlake = i.lib.evalFlakeModule; }}; }} else i;
in (import ({dir} + \"/flake.nix\")).outputs (builtins.mapAttrs (_: patch) inputs // {{ self = builtins.getFlake {dir}; }}))"
    ))
}

/// How a flake names a module.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Root {
    /// In `<kind>Configurations.<name>`.
    Configuration(Vec<String>),
    /// In `<kind>Modules.<name>` (or `<kind>Module`): the kind's configurations, e.g. `nixos`.
    ModuleOf(String),
    /// In the module of a flake-parts `mkFlake` call.
    FlakeParts,
}

/// The module system of `file`, if it has one.
pub(crate) fn module_system(
    db: &dyn Db,
    workspace: Option<Workspace>,
    setting: &OptionsSetting,
    file: &Path,
) -> Option<ModuleSystem> {
    if let Some(found) = setting.system_for(file) {
        return Some(found);
    }
    if file.file_name().is_some_and(|n| n == "flake.nix") {
        return None;
    }
    let texts = Texts::new(db, workspace);
    // The analyzer's files first: no file-system access for a flake it holds.
    let has_flake = |d: &&Path| texts.file(&d.join("flake.nix")).is_some();
    let dir = match file.ancestors().skip(1).find(has_flake) {
        Some(dir) => dir,
        None => file
            .ancestors()
            .skip(1)
            .find(|d| d.join("flake.nix").is_file())?,
    };
    let flake_path = dir.join("flake.nix");
    // Cached per flake text and workspace when the analyzer holds the flake; read from
    // disk each time otherwise.
    let owned;
    let (model, reached) = match (workspace, texts.file(&flake_path)) {
        (Some(ws), Some(flake)) => (flake_model(db, flake), reached_modules(db, ws, flake)),
        _ => {
            let model = flake_model_of(&texts.syntax(&flake_path)?, dir);
            let reached = reach(&texts, &model.roots);
            owned = (model, reached);
            (&owned.0, &owned.1)
        }
    };
    let (root, named) = match reached.get(file) {
        Some(found) => found.clone(),
        None => (
            by_shape(
                &texts.syntax(file)?,
                &model.configurations,
                model.uses_flake_parts,
            )?,
            file.to_path_buf(),
        ),
    };
    system_of(
        dir,
        root,
        &named,
        &model.configurations,
        model.uses_flake_parts,
    )
}

/// What a flake's text says of modules: the files it names and how, its configurations
/// (`[kind, name]`, in text order), and whether it calls flake-parts' `mkFlake`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FlakeModel {
    roots: Vec<(PathBuf, Root)>,
    configurations: Vec<Vec<String>>,
    uses_flake_parts: bool,
}

fn flake_model_of(flake: &SyntaxNode, dir: &Path) -> FlakeModel {
    FlakeModel {
        roots: roots_in_flake(flake, dir),
        configurations: configurations_in_flake(flake),
        uses_flake_parts: flake
            .descendants()
            .any(|n| n.kind() == APPLY && calls_mk_flake(&n)),
    }
}

#[salsa::tracked(returns(ref))]
fn flake_model(db: &dyn Db, flake: SourceFile) -> FlakeModel {
    let dir = flake.path(db).parent().unwrap_or(Path::new("/"));
    flake_model_of(&parse(db, flake).syntax(), dir)
}

/// The files a module's `imports` name (cached per file text).
#[salsa::tracked(returns(ref))]
fn module_imports(db: &dyn Db, file: SourceFile) -> Vec<PathBuf> {
    let dir = file.path(db).parent().unwrap_or(Path::new("/"));
    imports_of(&parse(db, file).syntax(), dir)
}

/// Every module the flake reaches, with the root that reaches it first and the module
/// that root names. Recomputed when a module's `imports` change, not at every edit (a
/// module's own imports are cached); files outside the analyzer are read from disk, and
/// are not watched.
#[salsa::tracked(returns(ref))]
fn reached_modules(
    db: &dyn Db,
    workspace: Workspace,
    flake: SourceFile,
) -> FxHashMap<PathBuf, (Root, PathBuf)> {
    reach(
        &Texts::new(db, Some(workspace)),
        &flake_model(db, flake).roots,
    )
}

/// The system of the modules `root` reaches; `named` is the module the flake names (or the
/// loose module), added to a configuration for a module set.
fn system_of(
    dir: &Path,
    root: Root,
    named: &Path,
    configurations: &[Vec<String>],
    uses_flake_parts: bool,
) -> Option<ModuleSystem> {
    let system = |expr, name, flake_attr| ModuleSystem {
        base_dir: dir.to_path_buf(),
        expr,
        name,
        flake_attr,
    };
    match root {
        Root::Configuration(attr) => Some(system(
            flake_configuration(dir, &attr),
            attr.join("."),
            Some(attr),
        )),
        Root::FlakeParts => Some(system(
            flake_parts_evaluation(dir),
            "flake-parts (mkFlake)".into(),
            None,
        )),
        Root::ModuleOf(kind) if kind == "flake" => uses_flake_parts.then(|| {
            system(
                with_module(&flake_parts_evaluation(dir), named),
                format!("flake-parts (mkFlake) with {}", named.display()),
                None,
            )
        }),
        Root::ModuleOf(kind) => {
            let wanted = format!("{kind}Configurations");
            let attr = configurations.iter().find(|c| c[0] == wanted)?;
            Some(system(
                with_module(&flake_configuration(dir, attr), named),
                format!("{} with {}", attr.join("."), named.display()),
                None,
            ))
        }
    }
}

/// A configuration with one more module (a module it does not import: its own options
/// count). Importing one it already has changes nothing: modules from files are keyed by
/// path.
fn with_module(configuration: &str, file: &Path) -> String {
    format!(
        "({configuration}.extendModules {{ modules = [ {} ]; }})",
        path_expr(file)
    )
}

/// The flake's configurations, as `[kind, name]`, in text order.
fn configurations_in_flake(flake: &SyntaxNode) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for binding in flake.descendants().filter(|n| n.kind() == ATTRPATH_VALUE) {
        let Some(names) = names_above(&binding) else {
            continue;
        };
        if let Some(at) = names.iter().position(|n| n.ends_with("Configurations"))
            && let Some(name) = names.get(at + 1)
        {
            let attr = vec![names[at].clone(), name.clone()];
            if !out.contains(&attr) {
                out.push(attr);
            }
        }
    }
    out
}

/// The names of the bindings from the top of the file down to `binding`, included.
fn names_above(binding: &SyntaxNode) -> Option<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for b in binding.ancestors().filter(|n| n.kind() == ATTRPATH_VALUE) {
        let mut here: Vec<String> = ast::AttrpathValue::cast(b)?
            .attrpath()?
            .attrs()
            .map(|a| a.static_name())
            .collect::<Option<_>>()?;
        here.extend(names);
        names = here;
    }
    Some(names)
}

/// Whether `apply` calls a function named `mkFlake` (`flake-parts.lib.mkFlake`).
fn calls_mk_flake(apply: &SyntaxNode) -> bool {
    let mut f = apply.first_child();
    while let Some(n) = f.clone().filter(|n| n.kind() == APPLY) {
        f = n.first_child();
    }
    f.is_some_and(|f| {
        let text = f.text().to_string();
        text == "mkFlake" || text.ends_with(".mkFlake")
    })
}

/// Whether `node` is inside the arguments of a `mkFlake` call.
fn in_mk_flake(node: &SyntaxNode) -> bool {
    node.ancestors()
        .filter(|n| n.kind() == APPLY)
        .any(|apply| calls_mk_flake(&apply))
}

/// The files a flake names by a relative path, each with how it names it; configurations
/// first, then modules, then flake-parts.
fn roots_in_flake(flake: &SyntaxNode, dir: &Path) -> Vec<(PathBuf, Root)> {
    let mut out = Vec::new();
    for path in flake.descendants().filter(|n| n.kind() == PATH) {
        let Some(target) = relative_target(&path, dir) else {
            continue;
        };
        let names = path
            .ancestors()
            .find(|n| n.kind() == ATTRPATH_VALUE)
            .and_then(|b| names_above(&b))
            .unwrap_or_default();
        let configuration = names
            .iter()
            .position(|n| n.ends_with("Configurations"))
            .filter(|at| names.len() > at + 1);
        let module_kind = names.iter().find_map(|n| {
            n.strip_suffix("Modules")
                .or_else(|| n.strip_suffix("Module"))
                .filter(|k| !k.is_empty())
        });
        let root = if let Some(at) = configuration {
            Root::Configuration(names[at..at + 2].to_vec())
        } else if let Some(kind) = module_kind {
            Root::ModuleOf(match kind {
                "homeManager" | "home" => "home".into(),
                other => other.into(),
            })
        } else if in_mk_flake(&path) {
            Root::FlakeParts
        } else {
            continue;
        };
        out.push((target, root));
    }
    let rank = |r: &Root| match r {
        Root::Configuration(_) => 0,
        Root::ModuleOf(_) => 1,
        Root::FlakeParts => 2,
    };
    out.sort_by_key(|(_, r)| rank(r));
    out
}

/// What a path literal names: the file, or a directory's `default.nix` (by its name, as
/// the import graph decides: no file-system access).
fn relative_target(path: &SyntaxNode, dir: &Path) -> Option<PathBuf> {
    crate::imports::target(dir, &ast::Path::cast(path.clone())?)
}

/// How many files the search through `imports` reads at most.
const MAX_IMPORTED: usize = 5_000;

/// Every module the roots reach through `imports`, breadth first, root by root (in their
/// order): the first root to reach a file keeps it.
fn reach(texts: &Texts, roots: &[(PathBuf, Root)]) -> FxHashMap<PathBuf, (Root, PathBuf)> {
    let mut reached: FxHashMap<PathBuf, (Root, PathBuf)> = FxHashMap::default();
    for (start, root) in roots {
        let mut queue = VecDeque::from([start.clone()]);
        while let Some(module) = queue.pop_front() {
            if reached.contains_key(&module) || reached.len() >= MAX_IMPORTED {
                continue;
            }
            reached.insert(module.clone(), (root.clone(), start.clone()));
            queue.extend(texts.imports(&module));
        }
    }
    reached
}

/// The files a module's `imports` name by a relative path (wherever in its value:
/// `imports = [ ./a.nix ] ++ lib.optional c ./b.nix;`).
fn imports_of(module: &SyntaxNode, dir: &Path) -> Vec<PathBuf> {
    let Some(body) = super::module_options::module_body(module) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in first_names(&body) {
        let Some(value) = value.filter(|_| name == "imports") else {
            continue;
        };
        for path in value.syntax().descendants().filter(|n| n.kind() == PATH) {
            out.extend(relative_target(&path, dir));
        }
    }
    out
}

/// A module no flake names, by the options it sets: `home.*` is home-manager's, `boot.*`,
/// `fileSystems.*`, `networking.*` or `systemd.*` without `home.*` NixOS's, `homebrew.*`
/// nix-darwin's, `perSystem`/`flake`/`systems` flake-parts'; anything else belongs to the
/// flake's configurations when they are all of one kind.
fn by_shape(
    module: &SyntaxNode,
    configurations: &[Vec<String>],
    uses_flake_parts: bool,
) -> Option<Root> {
    let body = super::module_options::module_body(module)?;
    let mut top: Vec<(String, Option<ast::Expr>)> = first_names(&body);
    // Under `config = { … }` when the module declares options too.
    if let Some((_, Some(ast::Expr::AttrSet(set)))) = top.iter().find(|(n, _)| n == "config") {
        let inner = first_names(set.syntax());
        top.extend(inner);
    }
    let top: Vec<String> = top.into_iter().map(|(n, _)| n).collect();
    let sets = |names: &[&str]| top.iter().any(|n| names.contains(&n.as_str()));
    let kind = if sets(&["perSystem", "flake", "systems"]) && uses_flake_parts {
        return Some(Root::ModuleOf("flake".into()));
    } else if sets(&["home"]) {
        "homeConfigurations"
    } else if sets(&["homebrew"]) {
        "darwinConfigurations"
    } else if sets(&["boot", "fileSystems", "networking", "systemd"]) {
        "nixosConfigurations"
    } else {
        let first = configurations.first()?;
        if configurations.iter().any(|c| c[0] != first[0]) {
            return None;
        }
        &first[0]
    };
    configurations
        .iter()
        .any(|c| c[0] == kind)
        .then(|| Root::ModuleOf(kind.trim_end_matches("Configurations").to_string()))
}

/// The first name of each binding of a set, with its value (unparenthesized).
fn first_names(set: &SyntaxNode) -> Vec<(String, Option<ast::Expr>)> {
    let mut out = Vec::new();
    for binding in ast::bindings_of(set) {
        if let ast::Binding::AttrpathValue(b) = binding
            && let Some(name) = b
                .attrpath()
                .and_then(|p| p.attrs().next())
                .and_then(|a| a.static_name())
        {
            out.push((name, b.value().map(|v| v.unparenthesized())));
        }
    }
    out
}

/// The text of files: the analyzer's when it holds the file (unsaved edits included),
/// else the disk's.
struct Texts<'a> {
    db: &'a dyn Db,
    files: Option<&'a FxHashMap<PathBuf, SourceFile>>,
}

impl<'a> Texts<'a> {
    fn new(db: &'a dyn Db, workspace: Option<Workspace>) -> Self {
        Texts {
            db,
            files: workspace.map(|ws| files_by_path(db, ws)),
        }
    }

    fn file(&self, path: &Path) -> Option<SourceFile> {
        self.files.and_then(|f| f.get(path)).copied()
    }

    fn syntax(&self, path: &Path) -> Option<SyntaxNode> {
        match self.file(path) {
            Some(file) => Some(parse(self.db, file).syntax()),
            None => Some(syntax::parse(&std::fs::read_to_string(path).ok()?).syntax()),
        }
    }

    fn imports(&self, module: &Path) -> Vec<PathBuf> {
        match self.file(module) {
            Some(file) => module_imports(self.db, file).clone(),
            None => match (self.syntax(module), module.parent()) {
                (Some(tree), Some(dir)) => imports_of(&tree, dir),
                _ => Vec::new(),
            },
        }
    }
}
