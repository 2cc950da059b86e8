//! Completion of a flake's output schema where the cursor names an output in the set
//! `outputs` returns: the output kinds at the top (`packages`, `devShells`, …), then the
//! systems under the kinds that are per system (`packages.x86_64-linux`, …).

use super::completion::{CompletionItem, CompletionKind};
use crate::db::{Db, SourceFile, parse};
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxNode, TextSize};

/// Output kinds Nix and the tools around it read (`nix flake show`/`check`, nix-darwin,
/// home-manager).
const KINDS: &[&str] = &[
    "apps",
    "checks",
    "darwinConfigurations",
    "darwinModules",
    "devShells",
    "formatter",
    "homeConfigurations",
    "homeManagerModules",
    "hydraJobs",
    "legacyPackages",
    "lib",
    "nixosConfigurations",
    "nixosModules",
    "overlays",
    "packages",
    "templates",
];

const PER_SYSTEM: &[&str] = &[
    "apps",
    "checks",
    "devShells",
    "formatter",
    "legacyPackages",
    "packages",
];

const SYSTEMS: &[&str] = &[
    "aarch64-darwin",
    "aarch64-linux",
    "x86_64-darwin",
    "x86_64-linux",
];

pub fn flake_output_completions(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
) -> Vec<CompletionItem> {
    if !crate::flake::is_flake(file.path(db)) {
        return Vec::new();
    }
    let root = parse(db, file).syntax();
    let Some(token) = root.token_at_offset(offset).left_biased() else {
        return Vec::new();
    };
    let Some(path) = output_path_at(&root, &token, offset) else {
        return Vec::new();
    };
    let names: &[&str] = match path.as_slice() {
        [] => KINDS,
        [kind] if PER_SYSTEM.contains(&kind.as_str()) => SYSTEMS,
        _ => return Vec::new(),
    };
    names
        .iter()
        .map(|n| CompletionItem {
            label: n.to_string(),
            kind: CompletionKind::Attribute,
        })
        .collect()
}

/// The output path of the binding name at the cursor (`[]` at the top of the outputs set,
/// `["packages"]` in `packages = { | }` or `packages.|`), if the cursor is on one.
fn output_path_at(
    root: &SyntaxNode,
    token: &syntax::SyntaxToken,
    offset: TextSize,
) -> Option<Vec<String>> {
    // The set the name is in, and the names before the cursor in its path.
    let (mut set, mut path) = match token.parent_ancestors().find(|n| n.kind() == ATTRPATH) {
        Some(attrpath) if attrpath.parent()?.kind() == ATTRPATH_VALUE => {
            let before: Option<Vec<String>> = ast::Attrpath::cast(attrpath.clone())?
                .attrs()
                .filter(|a| a.syntax().text_range().end() < offset)
                .map(|a| a.static_name())
                .collect();
            (attrpath.parent()?.parent()?, before?)
        }
        _ => (token.parent()?, Vec::new()),
    };
    if set.kind() != ATTR_SET {
        return None;
    }
    // Up through the enclosing bindings to the body of `outputs`.
    loop {
        if is_outputs_body(root, &set) {
            return Some(path);
        }
        let binding = set.parent().filter(|p| p.kind() == ATTRPATH_VALUE)?;
        let names: Option<Vec<String>> = ast::AttrpathValue::cast(binding.clone())?
            .attrpath()?
            .attrs()
            .map(|a| a.static_name())
            .collect();
        let mut outer = names?;
        outer.extend(path);
        path = outer;
        set = binding.parent().filter(|p| p.kind() == ATTR_SET)?;
    }
}

/// Whether `set` is what the `outputs` function of the top-level set returns (directly,
/// or as the body of `let … in`, in parentheses).
fn is_outputs_body(root: &SyntaxNode, set: &SyntaxNode) -> bool {
    let mut node = set.clone();
    while let Some(parent) = node.parent() {
        match parent.kind() {
            PAREN | LET_IN => node = parent,
            LAMBDA => {
                let Some(binding) = parent.parent().filter(|p| p.kind() == ATTRPATH_VALUE) else {
                    return false;
                };
                let top = root.descendants().find(|n| n.kind() == ATTR_SET);
                let names: Vec<Option<String>> = ast::AttrpathValue::cast(binding.clone())
                    .and_then(|b| b.attrpath())
                    .map(|p| p.attrs().map(|a| a.static_name()).collect())
                    .unwrap_or_default();
                return binding.parent() == top && names == [Some("outputs".to_string())];
            }
            _ => return false,
        }
    }
    false
}
