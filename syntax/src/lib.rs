//! The Nix syntax: lexer, error-resilient parser, lossless rowan CST and a typed AST over it.
//!
//! Invariants (see `ARCHITECTURE.md`):
//! - lossless: the tree's text is the input, byte for byte, for every input;
//! - parsing never fails and never panics: it returns a tree plus errors with byte ranges;
//! - this crate knows nothing of salsa, LSP or evaluation.

pub mod ast;
mod builtins_list;
mod debug_dump;
pub mod deep;
pub mod lexer;
mod parser;
mod reparse;
mod syntax_error;
mod syntax_kind;
pub mod validate;

pub use builtins_list::{GLOBAL_NAMES, is_global_name};
pub use rowan::{GreenNode, NodeOrToken, TextRange, TextSize, WalkEvent};
pub use syntax_error::{SyntaxError, SyntaxErrorKind};
pub use syntax_kind::{
    NixLanguage, SyntaxElement, SyntaxKind, SyntaxNode, SyntaxNodeChildren, SyntaxToken,
};

/// The result of parsing a file: a lossless tree and the syntax errors found on the way.
#[derive(Clone, Debug)]
pub struct Parse {
    /// Always `Some` but in `drop`, which takes it.
    green: Option<GreenNode>,
    errors: Vec<SyntaxError>,
    /// The tree's height, to drop deep trees without recursion.
    height: u32,
}

impl PartialEq for Parse {
    fn eq(&self, other: &Parse) -> bool {
        self.errors == other.errors && deep::green_eq(self.green(), other.green())
    }
}

impl Eq for Parse {}

impl Drop for Parse {
    fn drop(&mut self) {
        if let Some(green) = self.green.take().filter(|_| self.height >= deep::DEEP) {
            deep::drop_green(green);
        }
    }
}

impl Parse {
    pub fn green(&self) -> &GreenNode {
        self.green.as_ref().expect("taken only when dropped")
    }

    /// The tree's height: levels from the root to its deepest token.
    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green().clone())
    }

    pub fn tree(&self) -> ast::Root {
        ast::Root::cast(self.syntax()).expect("the parser always produces a ROOT node")
    }

    /// Lexer and parser errors, sorted by position.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The errors CppNix reports when parsing: syntax errors, then the checks it makes while
    /// binding names (duplicate attributes and formals, undefined variables, bad literals).
    pub fn all_errors(&self) -> Vec<SyntaxError> {
        let mut errors = self.errors.clone();
        errors.extend(validate::validate(&self.tree()));
        errors.sort_by_key(|e| (e.range.start(), e.range.end()));
        errors
    }

    /// The parse of this text with `delete` replaced by `insert`, made by replacing one
    /// token when the edit stays inside it and cannot change the tree's shape (typing an
    /// identifier or a comment); `None` when the text must be parsed anew. Equal to
    /// [`parse`] of the new text whenever it is `Some`.
    pub fn reparse_token(&self, delete: TextRange, insert: &str) -> Option<Parse> {
        reparse::reparse_token(self, delete, insert)
    }

    /// A readable dump of the tree, one element per line, for tests and `firn parse --tree`.
    pub fn debug_tree(&self) -> String {
        debug_dump::dump(&self.syntax())
    }
}

/// Parses Nix source text. Never fails: problems are reported in [`Parse::errors`].
pub fn parse(text: &str) -> Parse {
    let (green, height, errors) = parser::parse_text(text);
    Parse {
        green: Some(green),
        errors,
        height,
    }
}

use ast::AstNode;
