//! The checks CppNix makes when it parses, beyond the grammar: duplicate attributes (with its
//! merge rules for nested sets), duplicate formals, dynamic attributes where they are not
//! allowed, undefined variables, out-of-range numbers and NUL bytes in strings.
//!
//! `nix-instantiate --parse` rejects a file that fails any of these, so `firn parse` does too.
//! The walk over the tree is iterative; only nested attribute-set values recurse, as deep as
//! the parser's nesting limit allows.

mod attrs;
mod scopes;

use crate::{
    SyntaxError, SyntaxErrorKind,
    SyntaxKind::*,
    SyntaxNode, WalkEvent,
    ast::{self, AstNode},
};

/// All parse-time semantic errors of a tree, in tree order.
pub fn validate(root: &ast::Root) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let mut merges = attrs::RecMerges::default();
    let mut scopes = scopes::ScopeChecker::default();
    for event in root.syntax().preorder() {
        match event {
            WalkEvent::Enter(node) => {
                // A container's merges are recorded before any of its children is entered.
                check_node(&node, &mut errors, &mut merges);
                scopes.enter(&node, &merges, &mut errors);
            }
            WalkEvent::Leave(node) => scopes.leave(&node),
        }
    }
    errors.sort_by_key(|e| (e.range.start(), e.range.end()));
    errors
}

fn check_node(node: &SyntaxNode, errors: &mut Vec<SyntaxError>, merges: &mut attrs::RecMerges) {
    match node.kind() {
        ATTR_SET | LET_IN | LEGACY_LET if !attrs::is_merged_into_parent(node) => {
            attrs::check_container(node, errors, merges)
        }
        PATTERN => check_formals(node, errors),
        LITERAL => check_number(node, errors),
        STRING => check_nul_bytes(node, errors),
        _ => {}
    }
}

/// `{ x, y, x }: …` and `x @ { x }: …`.
fn check_formals(node: &SyntaxNode, errors: &mut Vec<SyntaxError>) {
    let Some(pattern) = ast::Pattern::cast(node.clone()) else {
        return;
    };
    let mut seen: Vec<crate::SyntaxToken> = Vec::new();
    for entry in pattern.pat_entries() {
        let Some(ident) = entry.ident_token() else {
            continue;
        };
        if let Some(first) = seen.iter().find(|t| t.text() == ident.text()) {
            errors.push(
                SyntaxError::new(
                    format!("duplicate formal function argument '{}'", ident.text()),
                    ident.text_range(),
                )
                .with_related("first declared here", first.text_range())
                .with_kind(SyntaxErrorKind::DuplicateFormal),
            );
        } else {
            seen.push(ident);
        }
    }
    if let Some(bind) = pattern.pat_bind().and_then(|b| b.ident_token())
        && let Some(formal) = seen.iter().find(|t| t.text() == bind.text())
    {
        errors.push(
            SyntaxError::new(
                format!("duplicate formal function argument '{}'", bind.text()),
                bind.text_range(),
            )
            .with_related("also a formal here", formal.text_range())
            .with_kind(SyntaxErrorKind::DuplicateFormal),
        );
    }
}

/// Integers must fit in 64 bits; floats must not overflow or underflow (CppNix checks
/// `strtod`'s `ERANGE`).
fn check_number(node: &SyntaxNode, errors: &mut Vec<SyntaxError>) {
    let Some(token) = node.first_token() else {
        return;
    };
    let text = token.text();
    match token.kind() {
        INTEGER if text.parse::<i64>().is_err() => errors.push(
            SyntaxError::new(format!("invalid integer '{text}'"), token.text_range())
                .with_kind(SyntaxErrorKind::InvalidLiteral),
        ),
        FLOAT => {
            let value: f64 = text.parse().unwrap_or(f64::INFINITY);
            let mantissa = text.split(['e', 'E']).next().unwrap_or("");
            let zero_mantissa = mantissa.bytes().all(|b| matches!(b, b'0' | b'.'));
            let out_of_range =
                value.is_infinite() || (value == 0.0 && !zero_mantissa) || value.is_subnormal();
            if out_of_range {
                errors.push(
                    SyntaxError::new(format!("invalid float '{text}'"), token.text_range())
                        .with_kind(SyntaxErrorKind::InvalidLiteral),
                );
            }
        }
        _ => {}
    }
}

/// Nix strings cannot hold NUL bytes; CppNix rejects them while lexing.
fn check_nul_bytes(node: &SyntaxNode, errors: &mut Vec<SyntaxError>) {
    for token in node
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| matches!(t.kind(), STRING_CONTENT | STRING_ESCAPE))
    {
        if token.text().contains('\0') {
            errors.push(
                SyntaxError::new("a string cannot contain a NUL byte", token.text_range())
                    .with_kind(SyntaxErrorKind::NulByte),
            );
        }
    }
}
