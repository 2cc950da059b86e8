//! The parser: a recursive-descent parser with a Pratt loop for operators, building a rowan
//! green tree directly from the lexer's tokens.
//!
//! Precedence and associativity are CppNix's (`src/libexpr/parser.y`). The parser never stops
//! at an error: it records it, wraps what it cannot place in an `ERROR` node and carries on, so
//! the rest of the file keeps its structure.

mod bindings;
mod builder;
mod expressions;

use crate::{
    SyntaxError, SyntaxKind,
    SyntaxKind::*,
    TextRange, TextSize,
    lexer::{self, Token},
};
use builder::{Builder, Checkpoint};

/// How deep expressions may nest before the parser gives up on structure. It keeps the
/// recursion (and the recursive drop of the tree) far from the stack's end on any input.
const MAX_DEPTH: u32 = 1500;

/// The tree, its height and the errors.
pub(crate) fn parse_text(text: &str) -> (rowan::GreenNode, u32, Vec<SyntaxError>) {
    let (tokens, lex_errors) = lexer::tokenize(text);
    let mut parser = Parser::new(text, &tokens);
    parser.root();
    let ((green, height), mut errors) = parser.finish();
    errors.extend(lex_errors);
    errors.sort_by_key(|e| (e.range.start(), e.range.end()));
    (green, height, errors)
}

pub(crate) struct Parser<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// Start offset of every token.
    starts: Vec<u32>,
    /// Indices into `tokens` of the tokens that are not trivia.
    significant: Vec<u32>,
    /// Position in `significant` of the current token.
    cursor: usize,
    /// Index of the next token of `tokens` not yet added to the tree.
    emitted: usize,
    builder: Builder<'t>,
    errors: Vec<SyntaxError>,
    depth: u32,
    /// Set while parsing the right operand of `<|`, to catch `a <| b |> c`.
    enclosing_pipe: Option<SyntaxKind>,
    /// Set once the nesting limit has been hit, so the rest of the file is skipped quietly.
    too_deep: bool,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        let mut starts = Vec::with_capacity(tokens.len() + 1);
        let mut significant = Vec::with_capacity(tokens.len() / 2 + 1);
        let mut pos = 0u32;
        for (i, token) in tokens.iter().enumerate() {
            starts.push(pos);
            pos += token.len;
            if !token.kind.is_trivia() {
                significant.push(i as u32);
            }
        }
        starts.push(pos);
        Parser {
            text,
            tokens,
            starts,
            significant,
            cursor: 0,
            emitted: 0,
            builder: Builder::new(text),
            errors: Vec::new(),
            depth: 0,
            enclosing_pipe: None,
            too_deep: false,
        }
    }

    fn finish(mut self) -> ((rowan::GreenNode, u32), Vec<SyntaxError>) {
        (self.builder.finish(), std::mem::take(&mut self.errors))
    }

    fn root(&mut self) {
        self.builder.start_node(ROOT);
        if self.at(EOF) {
            self.error_here("expected an expression, found end of file");
        } else {
            self.expr();
        }
        if !self.at(EOF) {
            // One error for everything after the expression; expressions there keep their
            // structure inside the `ERROR` node.
            let found = self.current().describe();
            self.error_at_current(format!("unexpected {found} after the expression"));
            self.start_node(ERROR);
            while !self.at(EOF) {
                if self.at_expr_start() {
                    self.expr();
                } else {
                    self.bump();
                }
            }
            self.finish_node();
        }
        self.flush_trivia_until(self.tokens.len());
        self.builder.finish_node();
    }

    // ---- Lookahead ---------------------------------------------------------------------------

    /// Kind of the `n`-th significant token ahead.
    fn nth(&self, n: usize) -> SyntaxKind {
        match self.significant.get(self.cursor + n) {
            Some(&i) => self.tokens[i as usize].kind,
            None => EOF,
        }
    }

    fn current(&self) -> SyntaxKind {
        self.nth(0)
    }

    fn at(&self, kind: SyntaxKind) -> bool {
        self.current() == kind
    }

    fn nth_range(&self, n: usize) -> TextRange {
        match self.significant.get(self.cursor + n) {
            Some(&i) => {
                let i = i as usize;
                TextRange::new(self.starts[i].into(), self.starts[i + 1].into())
            }
            None => TextRange::empty(TextSize::from(self.text.len() as u32)),
        }
    }

    fn nth_text(&self, n: usize) -> &'t str {
        let range = self.nth_range(n);
        &self.text[range]
    }

    /// Whether the current token directly follows the previous one, with no trivia between.
    fn current_is_adjacent(&self) -> bool {
        match (
            self.cursor.checked_sub(1).map(|c| self.significant[c]),
            self.significant.get(self.cursor),
        ) {
            (Some(prev), Some(&cur)) => cur == prev + 1,
            _ => false,
        }
    }

    /// Whether a line break separates the `n`-th significant token ahead from the one before.
    fn newline_before(&self, n: usize) -> bool {
        let start = self.nth_range(n).start();
        let prev_end = match n {
            0 => self.prev_end(),
            _ => self.nth_range(n - 1).end(),
        };
        prev_end <= start && self.text[TextRange::new(prev_end, start)].contains('\n')
    }

    /// End offset of the previous significant token (where a missing token belongs).
    fn prev_end(&self) -> TextSize {
        match self.cursor.checked_sub(1) {
            Some(c) => self.starts[self.significant[c] as usize + 1].into(),
            None => 0.into(),
        }
    }

    // ---- Tree building -------------------------------------------------------------------

    fn flush_trivia_until(&mut self, index: usize) {
        while self.emitted < index {
            let token = self.tokens[self.emitted];
            let start = self.starts[self.emitted] as usize;
            self.builder
                .token(token.kind, start, start + token.len as usize);
            self.emitted += 1;
        }
    }

    fn flush_trivia(&mut self) {
        let until = match self.significant.get(self.cursor) {
            Some(&i) => i as usize,
            None => self.tokens.len(),
        };
        self.flush_trivia_until(until);
    }

    /// Adds the current token (and the trivia before it) to the tree.
    fn bump(&mut self) {
        if let Some(&i) = self.significant.get(self.cursor) {
            self.flush_trivia_until(i as usize + 1);
            self.cursor += 1;
        }
    }

    /// Bumps the current token if it is `kind`, else reports it missing.
    fn expect(&mut self, kind: SyntaxKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            self.error_missing(kind.describe());
            false
        }
    }

    fn start_node(&mut self, kind: SyntaxKind) {
        self.flush_trivia();
        self.builder.start_node(kind);
    }

    fn finish_node(&mut self) {
        self.builder.finish_node();
    }

    fn checkpoint(&mut self) -> Checkpoint {
        self.flush_trivia();
        self.builder.checkpoint()
    }

    fn start_node_at(&mut self, checkpoint: Checkpoint, kind: SyntaxKind) {
        self.builder.start_node_at(checkpoint, kind);
    }

    // ---- Errors --------------------------------------------------------------------------

    fn push_error(&mut self, message: String, range: TextRange) {
        // One error per position: a second one there is a consequence of the first.
        if self
            .errors
            .last()
            .is_some_and(|last| last.range.start() == range.start())
        {
            return;
        }
        self.errors.push(SyntaxError::new(message, range));
    }

    fn error_here(&mut self, message: impl Into<String>) {
        let range = self.nth_range(0);
        self.push_error(message.into(), range);
    }

    fn error_at_current(&mut self, message: String) {
        let range = self.nth_range(0);
        self.push_error(message, range);
    }

    /// Reports that `what` is missing before the current token.
    fn error_missing(&mut self, what: &str) {
        let found = self.current().describe();
        let at = self.prev_end();
        self.push_error(
            format!("expected {what}, found {found}"),
            TextRange::empty(at),
        );
    }

    /// Wraps the current token in an `ERROR` node, reporting it as unexpected.
    fn bump_error(&mut self, expected: &str) {
        let found = self.current().describe();
        self.error_at_current(format!("expected {expected}, found {found}"));
        self.start_node(ERROR);
        self.bump();
        self.finish_node();
    }

    // ---- Nesting guard -------------------------------------------------------------------

    /// Enters one level of nesting; returns false (after skipping input) when too deep.
    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH || self.too_deep {
            if !self.too_deep {
                self.too_deep = true;
                self.error_here("expression nested too deeply");
            }
            self.skip_balanced();
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Puts tokens into a flat `ERROR` node up to the first closer that has no opener.
    fn skip_balanced(&mut self) {
        self.start_node(ERROR);
        let mut balance = 0u32;
        loop {
            match self.current() {
                EOF => break,
                L_CURLY | L_PAREN | L_BRACK | DOLLAR_CURLY => balance += 1,
                R_CURLY | R_PAREN | R_BRACK => {
                    if balance == 0 {
                        break;
                    }
                    balance -= 1;
                }
                _ => {}
            }
            self.bump();
        }
        self.finish_node();
    }
}
