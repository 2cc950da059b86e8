//! Expressions: lambdas, `let`, `with`, `assert`, `if`, operators, application, selection
//! and the simple expressions (literals, strings, paths, parentheses, lists, attribute sets).

use super::Parser;
use crate::SyntaxKind::{self, *};
use crate::TextRange;

/// Binding strength of the operators, loosest first, as `%left`/`%right`/`%nonassoc` in
/// CppNix's `parser.y`. Pipes are looser than every other operator.
mod level {
    pub const PIPE: u8 = 1;
    pub const IMPL: u8 = 2;
    pub const OR: u8 = 3;
    pub const AND: u8 = 4;
    pub const EQ: u8 = 5;
    pub const CMP: u8 = 6;
    pub const UPDATE: u8 = 7;
    pub const NOT: u8 = 8;
    pub const ADD: u8 = 9;
    pub const MUL: u8 = 10;
    pub const CONCAT: u8 = 11;
    pub const HAS_ATTR: u8 = 12;
    pub const NEGATE: u8 = 13;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Assoc {
    Left,
    Right,
    None,
}

fn infix(kind: SyntaxKind) -> Option<(u8, Assoc)> {
    use Assoc::*;
    Some(match kind {
        PIPE_RIGHT => (level::PIPE, Left),
        PIPE_LEFT => (level::PIPE, Right),
        IMPLICATION => (level::IMPL, Right),
        OR_OR => (level::OR, Left),
        AND_AND => (level::AND, Left),
        EQ_EQ | NOT_EQ => (level::EQ, None),
        LESS | LESS_EQ | MORE | MORE_EQ => (level::CMP, None),
        UPDATE => (level::UPDATE, Right),
        PLUS | MINUS => (level::ADD, Left),
        STAR | SLASH => (level::MUL, Left),
        CONCAT => (level::CONCAT, Right),
        QUESTION => (level::HAS_ATTR, None),
        _ => return Option::None,
    })
}

/// Tokens that can begin a simple expression (and so an argument of an application).
fn starts_simple(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        IDENT
            | INTEGER
            | FLOAT
            | URI
            | SEARCH_PATH
            | PATH_ABS
            | PATH_REL
            | PATH_HOME
            | DQUOTE
            | QUOTE2
            | L_PAREN
            | L_BRACK
            | L_CURLY
            | REC_KW
    )
}

impl Parser<'_> {
    pub(super) fn at_expr_start(&self) -> bool {
        let kind = self.current();
        starts_simple(kind) || matches!(kind, LET_KW | IF_KW | WITH_KW | ASSERT_KW | BANG | MINUS)
    }

    /// `expr` of the grammar: any expression.
    pub(super) fn expr(&mut self) {
        self.expr_function();
    }

    /// Lambdas, `assert`, `with`, `let … in` and `if`, or an operator expression.
    fn expr_function(&mut self) {
        if !self.enter() {
            return;
        }
        match self.current() {
            IDENT if self.nth(1) == COLON => {
                self.start_node(LAMBDA);
                self.start_node(IDENT_PARAM);
                self.bump();
                self.finish_node();
                self.bump();
                self.expr_function();
                self.finish_node();
            }
            IDENT if self.nth(1) == AT => self.lambda_with_pattern(),
            L_CURLY if self.at_pattern() => self.lambda_with_pattern(),
            ASSERT_KW | WITH_KW => {
                let kind = if self.at(ASSERT_KW) { ASSERT } else { WITH };
                self.start_node(kind);
                self.bump();
                self.expr_or_missing();
                self.expect(SEMICOLON);
                self.expr_function_or_missing();
                self.finish_node();
            }
            LET_KW if self.nth(1) != L_CURLY => self.let_in(),
            IF_KW => {
                self.start_node(IF_ELSE);
                self.bump();
                self.expr_or_missing();
                if self.expect(THEN_KW) || self.at_expr_start() {
                    self.expr_or_missing();
                }
                if self.expect(ELSE_KW) || self.at_expr_start() {
                    self.expr_or_missing();
                }
                self.finish_node();
            }
            _ => self.expr_op(0),
        }
        self.leave();
    }

    fn expr_function_or_missing(&mut self) {
        if self.at_expr_start() {
            self.expr_function();
        } else {
            self.error_missing("an expression");
        }
    }

    pub(super) fn expr_or_missing(&mut self) {
        self.expr_function_or_missing();
    }

    /// Whether the `{` at the cursor opens a lambda's pattern rather than an attribute set.
    fn at_pattern(&self) -> bool {
        match self.nth(1) {
            ELLIPSIS => true,
            R_CURLY => matches!(self.nth(2), COLON | AT),
            IDENT => match self.nth(2) {
                COMMA | QUESTION => true,
                R_CURLY => matches!(self.nth(3), COLON | AT),
                _ => false,
            },
            _ => false,
        }
    }

    /// `{ a, b ? d, ... } @ name : body` or `name @ { … } : body`.
    fn lambda_with_pattern(&mut self) {
        self.start_node(LAMBDA);
        self.start_node(PATTERN);
        let leading_bind = self.at(IDENT);
        if leading_bind {
            self.start_node(PAT_BIND);
            self.bump();
            self.bump();
            self.finish_node();
        }
        if self.at(L_CURLY) {
            self.pattern_body();
        } else {
            self.error_missing("`{`");
        }
        if self.at(AT) {
            self.start_node(PAT_BIND);
            if leading_bind {
                self.error_here("a pattern can only be bound to one name");
            }
            self.bump();
            if self.at(IDENT) {
                self.bump();
            } else {
                self.error_missing("identifier");
            }
            self.finish_node();
        }
        self.finish_node();
        self.expect(COLON);
        self.expr_function_or_missing();
        self.finish_node();
    }

    /// `{ a, b ? default, ... }`
    fn pattern_body(&mut self) {
        self.bump();
        let mut seen_ellipsis = false;
        loop {
            match self.current() {
                R_CURLY | EOF => break,
                ELLIPSIS => {
                    if seen_ellipsis {
                        self.error_here("duplicate `...`");
                    }
                    seen_ellipsis = true;
                    self.bump();
                }
                IDENT => {
                    if seen_ellipsis {
                        self.error_here("`...` must be the last formal");
                    }
                    self.start_node(PAT_ENTRY);
                    self.bump();
                    if self.at(QUESTION) {
                        self.bump();
                        self.expr_or_missing();
                    }
                    self.finish_node();
                }
                COMMA => {
                    self.bump_error("a formal argument");
                    continue;
                }
                COLON | SEMICOLON | IN_KW => break,
                _ => {
                    self.bump_error("a formal argument");
                    continue;
                }
            }
            match self.current() {
                COMMA => self.bump(),
                R_CURLY => break,
                _ => self.error_missing("`,` or `}`"),
            }
        }
        self.expect(R_CURLY);
    }

    /// An operator expression with operators binding at least as tightly as `min_level`.
    fn expr_op(&mut self, min_level: u8) {
        if !self.enter() {
            return;
        }
        let checkpoint = self.checkpoint();
        match self.current() {
            BANG => {
                self.start_node(UNARY_OP);
                self.bump();
                self.expr_op_operand(level::NOT);
                self.finish_node();
            }
            MINUS => {
                self.start_node(UNARY_OP);
                self.bump();
                self.expr_op_operand(level::NEGATE);
                self.finish_node();
            }
            _ => self.expr_app(),
        }
        // The pipe operator whose right operand this is: `a <| b |> c` mixes them.
        let mut last_op: Option<SyntaxKind> = self.enclosing_pipe.take();
        while let Some((level, assoc)) = infix(self.current()) {
            if level < min_level {
                break;
            }
            let op = self.current();
            if let Some(last) = last_op
                && infix(last).map(|(l, _)| l) == Some(level)
            {
                if assoc == Assoc::None {
                    let text = self.nth_text(0);
                    self.error_here(format!(
                        "operator `{text}` is not associative: add parentheses"
                    ));
                } else if level == level::PIPE && last != op {
                    self.error_here("`|>` and `<|` cannot be mixed: add parentheses");
                }
            }
            if op == QUESTION {
                self.start_node_at(checkpoint, HAS_ATTR);
                self.bump();
                self.attrpath();
                self.finish_node();
            } else {
                self.start_node_at(checkpoint, BIN_OP);
                self.bump();
                let next_min = if assoc == Assoc::Right {
                    level
                } else {
                    level + 1
                };
                if op == PIPE_LEFT {
                    self.enclosing_pipe = Some(op);
                }
                self.expr_op_operand(next_min);
                self.finish_node();
            }
            last_op = Some(op);
        }
        self.leave();
    }

    /// The operand of an operator. `if`, `let`, lambdas and friends need parentheses there; they
    /// are parsed anyway so that the tree keeps its shape.
    fn expr_op_operand(&mut self, min_level: u8) {
        let needs_parens = match self.current() {
            IF_KW | WITH_KW | ASSERT_KW => true,
            LET_KW => self.nth(1) != L_CURLY,
            IDENT => matches!(self.nth(1), COLON | AT),
            L_CURLY => self.at_pattern(),
            _ => false,
        };
        if needs_parens || !self.at_expr_start() {
            self.enclosing_pipe = None;
        }
        if needs_parens {
            let found = self.current().describe();
            self.error_here(format!("{found} expression must be in parentheses here"));
            self.expr_function();
        } else if self.at_expr_start() {
            self.expr_op(min_level);
        } else {
            self.error_missing("an expression");
        }
    }

    /// Function application: `f a b`.
    fn expr_app(&mut self) {
        let checkpoint = self.checkpoint();
        self.expr_select();
        while self.at_argument_start() {
            self.start_node_at(checkpoint, APPLY);
            self.expr_select();
            self.finish_node();
        }
    }

    fn at_argument_start(&self) -> bool {
        match self.current() {
            // `let { … }` is a (legacy) simple expression.
            LET_KW => self.nth(1) == L_CURLY,
            // `name =` can never continue an expression: it is the next binding, after a
            // missing `;`. Stopping here keeps that binding intact.
            IDENT => !self.at_binding_start(),
            kind => starts_simple(kind),
        }
    }

    /// Whether the cursor is at `attrpath =` with an attribute path of names and plain strings.
    pub(super) fn at_binding_start(&self) -> bool {
        self.binding_start_len().is_some()
    }

    /// Whether a binding `attrpath =` starts a new line at the cursor, its path on that line:
    /// where a value being typed ends early (`extra = ` or `foo = lib.` above the next
    /// binding). On one line, `a = b.c = 1` could be either binding unfinished.
    pub(super) fn at_binding_on_new_line(&self) -> bool {
        self.binding_start_len()
            .is_some_and(|len| self.newline_before(0) && (1..=len).all(|n| !self.newline_before(n)))
    }

    /// The number of tokens of `attrpath` in `attrpath =` at the cursor.
    fn binding_start_len(&self) -> Option<usize> {
        let mut n = 0;
        loop {
            match (self.nth(n), self.nth(n + 1), self.nth(n + 2)) {
                (IDENT | OR_KW, _, _) => {}
                (DQUOTE, DQUOTE, _) => n += 1,
                (DQUOTE, STRING_CONTENT, DQUOTE) => n += 2,
                _ => return None,
            }
            match self.nth(n + 1) {
                EQ => return Some(n + 1),
                DOT => n += 2,
                _ => return None,
            }
        }
    }

    /// `e.a.b or default`, and the legacy `f or` where `or` is an argument.
    fn expr_select(&mut self) {
        // `a.b or c.d or …` recurses here without passing through the other guards.
        if !self.enter() {
            return;
        }
        let checkpoint = self.checkpoint();
        self.expr_simple();
        match self.current() {
            DOT => {
                self.start_node_at(checkpoint, SELECT);
                self.bump();
                if self.at_binding_on_new_line() {
                    // `foo = lib.` while typing, before the next binding: the name after
                    // the dot is missing; the next binding stays whole.
                    self.start_node(ATTRPATH);
                    self.error_missing("an attribute name");
                    self.finish_node();
                } else {
                    self.attrpath();
                }
                if self.at(OR_KW) {
                    self.bump();
                    if self.at_expr_start() {
                        self.expr_select();
                    } else {
                        self.error_missing("an expression");
                    }
                }
                self.finish_node();
            }
            OR_KW => {
                // CppNix parses `f or` as `f` applied to a variable named `or`.
                self.start_node_at(checkpoint, APPLY);
                self.start_node(IDENT_NODE);
                self.bump();
                self.finish_node();
                self.finish_node();
            }
            _ => {}
        }
        self.leave();
    }

    fn expr_simple(&mut self) {
        if !self.enter() {
            return;
        }
        match self.current() {
            IDENT => {
                self.start_node(IDENT_NODE);
                self.bump();
                self.finish_node();
            }
            INTEGER | FLOAT | URI => {
                self.start_node(LITERAL);
                self.bump();
                self.finish_node();
            }
            SEARCH_PATH => {
                self.start_node(PATH);
                self.bump();
                self.finish_node();
            }
            PATH_ABS | PATH_REL | PATH_HOME => self.path(),
            DQUOTE | QUOTE2 => self.string(),
            L_PAREN => {
                self.start_node(PAREN);
                self.bump();
                self.expr_or_missing();
                self.expect(R_PAREN);
                self.finish_node();
            }
            L_BRACK => self.list(),
            L_CURLY => self.attr_set(false),
            REC_KW => self.attr_set(true),
            LET_KW if self.nth(1) == L_CURLY => {
                self.start_node(LEGACY_LET);
                self.bump();
                self.bump();
                self.bindings(R_CURLY);
                self.expect(R_CURLY);
                self.finish_node();
            }
            // An operator with its left operand missing: leave it to the operator loop.
            kind if infix(kind).is_some() => self.error_missing("an expression"),
            // Tokens that close or continue an enclosing construct are left for it.
            R_CURLY | R_PAREN | R_BRACK | SEMICOLON | COMMA | IN_KW | THEN_KW | ELSE_KW | EOF => {
                self.error_missing("an expression")
            }
            _ => self.bump_error("an expression"),
        }
        self.leave();
    }

    fn list(&mut self) {
        self.start_node(LIST);
        self.bump();
        loop {
            match self.current() {
                R_BRACK | EOF => break,
                kind if starts_simple(kind) || kind == LET_KW => self.expr_select(),
                R_CURLY | R_PAREN | SEMICOLON | IN_KW => break,
                _ => {
                    let found = self.current().describe();
                    self.error_at_current(format!(
                        "unexpected {found} in a list: operators and function calls in list \
                         elements need parentheses"
                    ));
                    self.start_node(ERROR);
                    self.bump();
                    self.finish_node();
                }
            }
        }
        self.expect(R_BRACK);
        self.finish_node();
    }

    /// `"…"` or `''…''` with interpolations.
    pub(super) fn string(&mut self) {
        let close = self.current();
        self.start_node(STRING);
        self.bump();
        loop {
            match self.current() {
                STRING_CONTENT | STRING_ESCAPE => self.bump(),
                DOLLAR_CURLY => self.interpolation(),
                kind if kind == close => {
                    self.bump();
                    break;
                }
                _ => {
                    self.error_missing(if close == DQUOTE { "`\"`" } else { "`''`" });
                    break;
                }
            }
        }
        self.finish_node();
    }

    /// `${ expr }` in a string or a path.
    fn interpolation(&mut self) {
        self.start_node(INTERPOLATION);
        self.bump();
        self.expr_or_missing();
        self.expect(R_CURLY);
        self.finish_node();
    }

    /// A path literal with its interpolations: `./a/${b}/c`.
    fn path(&mut self) {
        self.start_node(PATH);
        self.bump();
        // Text right after the first token only comes from a `//` the first token could not
        // take; CppNix's grammar then wants `${` next (`path_start STR? ${…} …`).
        let mut text_before_interpolation: Option<TextRange> = None;
        let mut interpolated = false;
        loop {
            match self.current() {
                PATH_CONTENT => {
                    if !interpolated {
                        if text_before_interpolation.is_some() {
                            self.error_here(DOUBLE_SLASH_IN_PATH);
                        }
                        text_before_interpolation = Some(self.nth_range(0));
                    }
                    self.bump()
                }
                // The lexer stays in path mode only while nothing separates the pieces.
                DOLLAR_CURLY if self.current_is_adjacent() => {
                    interpolated = true;
                    self.interpolation()
                }
                _ => break,
            }
        }
        if let (Some(range), false) = (text_before_interpolation, interpolated) {
            self.push_error(DOUBLE_SLASH_IN_PATH.to_string(), range);
        }
        self.finish_node();
    }
}

const DOUBLE_SLASH_IN_PATH: &str =
    "'//' is not allowed in a path literal (except right before an interpolation)";
