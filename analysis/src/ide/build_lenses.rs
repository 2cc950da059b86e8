//! "Build" and "Develop" above what can be built: in a `flake.nix`, the bindings of
//! `packages.<system>.<name>`, `defaultPackage.<system>`, `devShells.<system>.<name>` and
//! `devShell.<system>`; in other files, a binding at a static attribute path (or the whole
//! file) whose value calls `derivation`, `mkDerivation` or `mkShell`. Only the text is
//! read: nothing is evaluated or built until the user runs the command.

use crate::db::{Db, SourceFile, parse};
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, SyntaxNode, TextRange, WalkEvent};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildLensKind {
    Build,
    Develop,
}

/// One lens: where it stands and what the command is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildLens {
    pub range: TextRange,
    pub kind: BuildLensKind,
    /// For a flake: the installable (`.#hello`, `.`).
    pub installable: Option<String>,
    /// For another file: the attribute path in it ("" for the file itself).
    pub attr: Option<String>,
}

const DERIVATION_FUNCTIONS: &[&str] = &["derivation", "mkDerivation"];
const SHELL_FUNCTIONS: &[&str] = &["mkShell", "mkShellNoCC"];

pub fn build_lenses(db: &dyn Db, file: SourceFile) -> Vec<BuildLens> {
    let root = parse(db, file).syntax();
    let is_flake = file.path(db).file_name().is_some_and(|n| n == "flake.nix");
    let mut lenses = Vec::new();
    // One walk; the open bindings' paths on a stack (`None`: not a static path).
    let mut open: Vec<Option<Vec<String>>> = Vec::new();
    for event in root.preorder() {
        let node = match event {
            WalkEvent::Enter(node) if node.kind() == SyntaxKind::ATTRPATH_VALUE => node,
            WalkEvent::Leave(node) if node.kind() == SyntaxKind::ATTRPATH_VALUE => {
                open.pop();
                continue;
            }
            _ => continue,
        };
        let path = attribute_path(&node, open.last());
        if let Some(path) = &path {
            let range = node.text_range();
            if is_flake {
                lenses.extend(flake_lens(path, range));
            } else if let Some(kind) = ast::AttrpathValue::cast(node.clone())
                .and_then(|b| b.value())
                .and_then(|v| called_kind(&v))
            {
                lenses.push(BuildLens {
                    range,
                    kind,
                    installable: None,
                    attr: Some(path.join(".")),
                });
            }
        }
        open.push(path);
    }
    if !is_flake
        && let Some(kind) = root
            .children()
            .find_map(ast::Expr::cast)
            .and_then(|e| called_kind(&e))
    {
        lenses.push(BuildLens {
            range: root.text_range(),
            kind,
            installable: None,
            attr: Some(String::new()),
        });
    }
    lenses.sort_by_key(|l| l.range.start());
    lenses
}

/// The lens for a flake output binding at `path` (`*` stands for a dynamic name).
fn flake_lens(path: &[String], range: TextRange) -> Option<BuildLens> {
    let path = match path.first().map(String::as_str) {
        Some("outputs") => &path[1..],
        _ => path,
    };
    // A dynamic system (`${system}`) is the user's: `.#name` finds it there. A static one
    // may be another machine's: the full path says which.
    let installable = |short: String| match path.get(1).map(String::as_str) {
        Some("*") | None => short,
        Some(_) => format!(".#{}", path.join(".")),
    };
    let (kind, installable) = match path {
        [kind, _system, name] if kind == "packages" && name != "*" => {
            (BuildLensKind::Build, installable(format!(".#{name}")))
        }
        [kind, _system, name] if kind == "devShells" && name != "*" => {
            (BuildLensKind::Develop, installable(format!(".#{name}")))
        }
        [kind, _system] if kind == "defaultPackage" => {
            (BuildLensKind::Build, installable(".".into()))
        }
        [kind, _system] if kind == "devShell" => (BuildLensKind::Develop, installable(".".into())),
        _ => return None,
    };
    Some(BuildLens {
        range,
        kind,
        installable: Some(installable),
        attr: None,
    })
}

/// The names from the file's top to `binding`, given the path of the binding enclosing
/// it (`None` when that one has none): through attribute sets, and the functions, `let`
/// bodies, `with`s and parentheses around them, but not `let` bindings. A dynamic name is
/// `*` (an output's `${system}`). A `flake.nix`'s `outputs = { self }: { … }` counts.
fn attribute_path(
    binding: &SyntaxNode,
    enclosing: Option<&Option<Vec<String>>>,
) -> Option<Vec<String>> {
    /// Nodes between a set and the binding around it; a longer chain is not followed.
    const MAX_STEPS: usize = 64;
    let container = binding.parent()?;
    if container.kind() != SyntaxKind::ATTR_SET {
        return None;
    }
    let mut base = None;
    let mut up = container.parent();
    for _ in 0..MAX_STEPS {
        match up {
            Some(n) if n.kind() == SyntaxKind::ATTRPATH_VALUE => {
                base = enclosing.cloned().flatten();
                break;
            }
            Some(n) if n.kind() == SyntaxKind::ROOT => {
                base = Some(Vec::new());
                break;
            }
            Some(n)
                if matches!(
                    n.kind(),
                    SyntaxKind::LAMBDA | SyntaxKind::LET_IN | SyntaxKind::PAREN | SyntaxKind::WITH
                ) =>
            {
                up = n.parent();
            }
            _ => return None,
        }
    }
    let mut path = base?;
    for attr in ast::AttrpathValue::cast(binding.clone())?
        .attrpath()?
        .attrs()
    {
        path.push(attr.static_name().unwrap_or_else(|| "*".into()));
    }
    Some(path)
}

/// Whether `expr` calls a derivation or shell function: `derivation { … }`,
/// `stdenv.mkDerivation { … }`, `pkgs.mkShell { … }` (through `rec`, `finalAttrs:` and
/// parentheses alike: only the function's last name counts).
fn called_kind(expr: &ast::Expr) -> Option<BuildLensKind> {
    let ast::Expr::Apply(apply) = expr else {
        return None;
    };
    // The function of a curried call is the innermost `lambda`.
    let mut function = apply.lambda()?;
    while let ast::Expr::Apply(inner) = &function {
        function = inner.lambda()?;
    }
    let name = match function {
        ast::Expr::Ident(i) => i.ident_token()?.text().to_string(),
        ast::Expr::Select(s) => s.attrpath()?.attrs().last()?.static_name()?,
        _ => return None,
    };
    if DERIVATION_FUNCTIONS.contains(&name.as_str()) {
        Some(BuildLensKind::Build)
    } else if SHELL_FUNCTIONS.contains(&name.as_str()) {
        Some(BuildLensKind::Develop)
    } else {
        None
    }
}
