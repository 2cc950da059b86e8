//! The import graph: `import ./p`, `callPackage ./p …` and `imports = [ ./p ]` edges.
//!
//! Resolution is by path alone (no file-system access inside queries, so salsa sees every
//! dependency): a path naming a `.nix` file is the target; any other path is a directory
//! and its `default.nix` is the target, as `import` does.

use crate::db::{Db, SourceFile, parse};
use std::path::{Component, Path, PathBuf};
use syntax::TextRange;
use syntax::ast::{self, AstNode};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    /// The path literal.
    pub range: TextRange,
    pub target: PathBuf,
}

/// The directory relative paths in `file` start from.
fn directory_of(db: &dyn Db, file: SourceFile) -> PathBuf {
    file.path(db)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub(crate) fn collect(db: &dyn Db, file: SourceFile) -> Vec<Import> {
    let base = directory_of(db, file);
    let root = parse(db, file).syntax();
    let mut imports = Vec::new();
    for node in root.descendants() {
        if let Some(apply) = ast::Apply::cast(node.clone()) {
            if let (Some(function), Some(ast::Expr::Path(path))) =
                (apply.lambda(), apply.argument())
                && is_importer(&function)
            {
                imports.extend(resolve(&base, &path));
            }
        } else if let Some(binding) = ast::AttrpathValue::cast(node) {
            let is_imports = binding
                .attrpath()
                .and_then(|p| p.attrs().last())
                .is_some_and(
                    |a| matches!(&a, ast::Attr::Ident(i) if i.name().as_deref() == Some("imports")),
                );
            if let (true, Some(ast::Expr::List(list))) = (is_imports, binding.value()) {
                for item in list.items() {
                    if let ast::Expr::Path(path) = item {
                        imports.extend(resolve(&base, &path));
                    }
                }
            }
        }
    }
    imports
}

/// `callPackage ./p { … }`: the file `p` is a function whose arguments the caller knows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackageCall {
    pub target: PathBuf,
    /// The `callPackage` expression (`callPackage`, `pkgs.callPackage`, …).
    pub function: TextRange,
    /// The set of arguments given by hand, when there is one.
    pub overrides: Option<TextRange>,
}

pub(crate) fn package_calls(db: &dyn Db, file: SourceFile) -> Vec<PackageCall> {
    // Most files call no package: not worth a parse.
    if !file.text(db).contains("callPackage") {
        return Vec::new();
    }
    let base = directory_of(db, file);
    let root = parse(db, file).syntax();
    let mut calls = Vec::new();
    for apply in root.descendants().filter_map(ast::Apply::cast) {
        let (Some(function), Some(ast::Expr::Path(path))) = (apply.lambda(), apply.argument())
        else {
            continue;
        };
        if !matches!(last_name(&function).as_deref(), Some("callPackage")) {
            continue;
        }
        let Some(target) = target(&base, &path) else {
            continue;
        };
        // `callPackage ./p { … }` is `(callPackage ./p) { … }`.
        let overrides = apply
            .syntax()
            .parent()
            .and_then(ast::Apply::cast)
            .filter(|outer| outer.lambda().is_some_and(|l| l.syntax() == apply.syntax()))
            .and_then(|outer| outer.argument())
            .map(|a| a.syntax().text_range());
        calls.push(PackageCall {
            target,
            function: function.syntax().text_range(),
            overrides,
        });
    }
    calls
}

/// The name a function is called by: `f` or the last attribute of `a.b.f`.
fn last_name(function: &ast::Expr) -> Option<String> {
    match function {
        ast::Expr::Ident(i) => i.name(),
        ast::Expr::Select(s) => s
            .attrpath()
            .and_then(|p| p.attrs().last())
            .and_then(|a| match a {
                ast::Attr::Ident(i) => i.name(),
                _ => None,
            }),
        _ => None,
    }
}

/// `import`, `builtins.import`, `callPackage`, `pkgs.callPackage`, …
fn is_importer(function: &ast::Expr) -> bool {
    matches!(
        last_name(function).as_deref(),
        Some("import" | "callPackage" | "callPackages" | "scopedImport")
    )
}

fn resolve(base: &Path, path: &ast::Path) -> Option<Import> {
    Some(Import {
        range: path.syntax().text_range(),
        target: target(base, path)?,
    })
}

/// The file a path literal imports: the file it names, or a directory's `default.nix`.
pub(crate) fn target(base: &Path, path: &ast::Path) -> Option<PathBuf> {
    let joined = static_path(base, path)?;
    Some(if joined.extension().is_some_and(|e| e == "nix") {
        joined
    } else {
        joined.join("default.nix")
    })
}

/// The file a path literal names, relative to directory `base`; `None` when it cannot be
/// known without evaluation or the environment (interpolated, `<…>`, `~/…`).
pub(crate) fn static_path(base: &Path, path: &ast::Path) -> Option<PathBuf> {
    let mut text = String::new();
    for part in path.parts() {
        match part {
            rowan::NodeOrToken::Token(t) => text.push_str(t.text()),
            rowan::NodeOrToken::Node(_) => return None, // interpolated: not static
        }
    }
    if path.is_search_path() || text.starts_with('~') {
        return None;
    }
    Some(normalize(&base.join(&text)))
}

/// Removes `.` and `..` components without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
