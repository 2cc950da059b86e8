//! Inlay hints, kept to what a reader of large Nix files misses most:
//!
//! - **Imported file**: `import ./dir` reads `./dir/default.nix`; the hint shows
//!   `/default.nix` after the path, so the file really read is visible.
//! - **Closing name**: the `}` or `]` ending a binding's value that spans many lines is
//!   followed by the binding's name (`};  services.nginx`), as in long package sets and
//!   NixOS modules, where the opening line has scrolled away.
//!
//! No type or value hints: without evaluation they would be guesses.

use crate::db::{Db, SourceFile, file_imports, parse};
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, TextRange, TextSize};

/// A value must span at least this many lines for its closing bracket to be named.
pub const CLOSING_HINT_MIN_LINES: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayHintKind {
    ImportedFile,
    ClosingName,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (between two characters).
    pub offset: TextSize,
    pub label: String,
    pub kind: InlayHintKind,
    /// Longer text shown on demand (the full path of an imported file).
    pub tooltip: Option<String>,
}

/// The hints whose position lies in `range`.
pub fn inlay_hints(db: &dyn Db, file: SourceFile, range: TextRange) -> Vec<InlayHint> {
    let mut hints = Vec::new();
    for import in file_imports(db, file) {
        let imported_dir = import
            .target
            .file_name()
            .is_some_and(|n| n == "default.nix")
            && !file.text(db)[import.range].ends_with("default.nix");
        if imported_dir && range.contains_inclusive(import.range.end()) {
            hints.push(InlayHint {
                offset: import.range.end(),
                label: "/default.nix".to_string(),
                kind: InlayHintKind::ImportedFile,
                tooltip: Some(import.target.display().to_string()),
            });
        }
    }
    let root = parse(db, file).syntax();
    let text = file.text(db);
    let scope = super::covering_node(&root, range);
    // A binding reaching into the range may hold its closing bracket: start from it.
    let scope = scope
        .ancestors()
        .find(|n| n.kind() == SyntaxKind::ATTRPATH_VALUE)
        .unwrap_or(scope);
    for binding in scope.descendants().filter_map(ast::AttrpathValue::cast) {
        let (Some(path), Some(value)) = (binding.attrpath(), binding.value()) else {
            continue;
        };
        let value = value.syntax();
        let closing = value
            .last_token()
            .filter(|t| matches!(t.kind(), SyntaxKind::R_CURLY | SyntaxKind::R_BRACK));
        let Some(closing) = closing else { continue };
        let end = closing.text_range().end();
        let lines = text[value.text_range()].lines().count();
        if lines >= CLOSING_HINT_MIN_LINES && range.contains_inclusive(end) {
            hints.push(InlayHint {
                offset: end,
                label: path.syntax().to_string(),
                kind: InlayHintKind::ClosingName,
                tooltip: None,
            });
        }
    }
    hints.sort_by_key(|h| h.offset);
    hints
}
