//! Bindings and attribute paths: attribute sets, `let … in`, `inherit`, `a.b.${c} = …;`.

use super::Parser;
use crate::SyntaxKind::{self, *};

impl Parser<'_> {
    /// `{ … }` or `rec { … }`.
    pub(super) fn attr_set(&mut self, rec: bool) {
        self.start_node(ATTR_SET);
        if rec {
            self.bump();
            if !self.expect(L_CURLY) {
                self.finish_node();
                return;
            }
        } else {
            self.bump();
        }
        self.bindings(R_CURLY);
        self.expect(R_CURLY);
        self.finish_node();
    }

    /// `let bindings in body`.
    pub(super) fn let_in(&mut self) {
        self.start_node(LET_IN);
        self.bump();
        self.bindings(IN_KW);
        if self.expect(IN_KW) || self.at_expr_start() {
            self.expr_or_missing();
        }
        self.finish_node();
    }

    /// Bindings up to `end` (`}` or `in`), which is left for the caller.
    pub(super) fn bindings(&mut self, end: SyntaxKind) {
        loop {
            match self.current() {
                kind if kind == end => break,
                EOF => break,
                INHERIT_KW => self.inherit(),
                IDENT | OR_KW if end == IN_KW && !self.at_binding_start() => {
                    // After `let` a name that is not followed by `=` is most likely the body
                    // with its `in` missing: stop so the body is parsed as one.
                    break;
                }
                IDENT | OR_KW | DQUOTE | DOLLAR_CURLY => self.binding(),
                R_CURLY | IN_KW | R_PAREN | R_BRACK => break,
                _ => self.skip_junk_binding(),
            }
        }
    }

    /// `attrpath = expr;`
    fn binding(&mut self) {
        self.start_node(ATTRPATH_VALUE);
        self.attrpath();
        if self.expect(EQ) {
            if self.at_binding_on_new_line() {
                // `extra = ` while typing, before the next binding: the value is missing,
                // and the next binding stays whole (one error, at the gap; the missing `;`
                // is reported at the same place, so not again).
                self.error_missing("an expression");
            } else {
                self.expr_or_missing();
            }
        }
        self.expect(SEMICOLON);
        self.finish_node();
    }

    /// Something that cannot start a binding: put it in an `ERROR` node, up to and including
    /// the next `;`, or up to the next token that can start or end bindings.
    fn skip_junk_binding(&mut self) {
        let found = self.current().describe();
        self.error_at_current(format!("expected a binding, found {found}"));
        self.start_node(ERROR);
        loop {
            self.bump();
            match self.current() {
                SEMICOLON => {
                    self.bump();
                    break;
                }
                EOF | R_CURLY | IN_KW | INHERIT_KW | IDENT | OR_KW | DQUOTE => break,
                _ => {}
            }
        }
        self.finish_node();
    }

    /// `inherit a b;` or `inherit (e) a b;`
    fn inherit(&mut self) {
        self.start_node(INHERIT);
        self.bump();
        if self.at(L_PAREN) {
            self.start_node(INHERIT_FROM);
            self.bump();
            self.expr_or_missing();
            self.expect(R_PAREN);
            self.finish_node();
        }
        loop {
            match self.current() {
                // `name =` starts the next binding: the `;` is missing.
                IDENT | OR_KW if self.at_binding_start() => break,
                IDENT | OR_KW | DQUOTE | DOLLAR_CURLY => self.attr(),
                _ => break,
            }
        }
        if !self.at(SEMICOLON) && !matches!(self.current(), R_CURLY | IN_KW | EOF | IDENT) {
            let found = self.current().describe();
            self.error_at_current(format!("expected an attribute name or `;`, found {found}"));
            self.start_node(ERROR);
            while !matches!(self.current(), SEMICOLON | R_CURLY | IN_KW | EOF | IDENT) {
                self.bump();
            }
            self.finish_node();
        }
        self.expect(SEMICOLON);
        self.finish_node();
    }

    /// `a.b."c".${d}`
    pub(super) fn attrpath(&mut self) {
        self.start_node(ATTRPATH);
        self.attr();
        while self.at(DOT) {
            self.bump();
            self.attr();
        }
        self.finish_node();
    }

    /// One attribute name: an identifier, `or`, a string or `${…}`.
    fn attr(&mut self) {
        match self.current() {
            IDENT | OR_KW => {
                self.start_node(IDENT_NODE);
                self.bump();
                self.finish_node();
            }
            DQUOTE => self.string(),
            DOLLAR_CURLY => {
                self.start_node(DYNAMIC);
                self.bump();
                self.expr_or_missing();
                self.expect(R_CURLY);
                self.finish_node();
            }
            kind if kind.is_keyword()
                || matches!(kind, INTEGER | FLOAT | URI | QUOTE2)
                || matches!(kind, PATH_ABS | PATH_REL | PATH_HOME | SEARCH_PATH) =>
            {
                self.bump_error("an attribute name")
            }
            _ => self.error_missing("an attribute name"),
        }
    }
}
