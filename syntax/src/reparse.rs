//! Incremental reparsing of an edit inside one token (typing an identifier, a number or a
//! comment): the token is replaced in the green tree and everything else is shared with the
//! previous tree. On an 800 KB file this is a path of nodes instead of a whole parse.
//!
//! It is sound because the parser decides on token kinds only (and on line breaks in
//! trivia, which such an edit leaves alone): when the edited token lexes to one token of its
//! old kind, and its neighbours lex as before around it, parsing the new text gives the
//! same tree with the new token. Anything else returns `None` and the caller parses anew.

use crate::{NodeOrToken, Parse, SyntaxError, SyntaxKind, SyntaxToken, TextRange, TextSize, lexer};
use rowan::{GreenNode, GreenToken, TokenAtOffset};

/// The parse of the text `parse` was made from with `delete` replaced by `insert`, when
/// that edit stays inside one token of a kind the parser does not read the text of.
pub(crate) fn reparse_token(parse: &Parse, delete: TextRange, insert: &str) -> Option<Parse> {
    let root = parse.syntax();
    if delete.end() > root.text_range().end() {
        return None;
    }
    let candidates = match root.token_at_offset(delete.start()) {
        TokenAtOffset::None => return None,
        TokenAtOffset::Single(token) => vec![token],
        // At a boundary: the token before (typing at an identifier's end), then the one after.
        TokenAtOffset::Between(before, after) => vec![before, after],
    };
    candidates
        .into_iter()
        .find_map(|token| replace_token(parse, &token, delete, insert))
}

fn replace_token(
    parse: &Parse,
    token: &SyntaxToken,
    delete: TextRange,
    insert: &str,
) -> Option<Parse> {
    let range = token.text_range();
    if !range.contains_range(delete) || !reparsable(token.kind()) {
        return None;
    }
    let old = token.text();
    let from = usize::from(delete.start() - range.start());
    let to = usize::from(delete.end() - range.start());
    let new_text = format!("{}{insert}{}", &old[..from], &old[to..]);
    if new_text.is_empty() || !lexes_alone(token, &new_text) {
        return None;
    }
    let new_len = TextSize::of(new_text.as_str());
    let errors = shift_errors(parse.errors(), range, new_len)?;
    let green = replace_in_tree(token, GreenToken::new(token.kind().into(), &new_text));
    Some(Parse {
        green: Some(green),
        errors,
        height: parse.height,
    })
}

/// Kinds whose text the parser never looks at. Whitespace is not one: line breaks steer
/// error recovery.
fn reparsable(kind: SyntaxKind) -> bool {
    use SyntaxKind::*;
    matches!(kind, IDENT | INTEGER | FLOAT | COMMENT | DOC_COMMENT)
}

/// Whether `new_text`, between the token's neighbours, lexes to the neighbours unchanged
/// and one token of the old kind (so it neither merges with them nor splits).
fn lexes_alone(token: &SyntaxToken, new_text: &str) -> bool {
    let before = token.prev_token();
    let after = token.next_token();
    let mut text = String::new();
    let mut expected = Vec::new();
    if let Some(t) = &before {
        text.push_str(t.text());
        expected.push((t.kind(), t.text().len()));
    }
    text.push_str(new_text);
    expected.push((token.kind(), new_text.len()));
    if let Some(t) = &after {
        text.push_str(t.text());
        expected.push((t.kind(), t.text().len()));
    }
    let (tokens, errors) = lexer::tokenize(&text);
    errors.is_empty()
        && tokens.len() == expected.len()
        && tokens
            .iter()
            .zip(&expected)
            .all(|(t, &(kind, len))| t.kind == kind && t.len as usize == len)
}

/// The errors with their positions moved by the token's change of length. An error that
/// starts or ends strictly inside the token cannot be moved: `None`.
fn shift_errors(
    errors: &[SyntaxError],
    token: TextRange,
    new_len: TextSize,
) -> Option<Vec<SyntaxError>> {
    let map = |offset: TextSize| -> Option<TextSize> {
        if offset <= token.start() {
            Some(offset)
        } else if offset >= token.end() {
            Some(offset - token.len() + new_len)
        } else {
            None
        }
    };
    let map_range = |r: TextRange| Some(TextRange::new(map(r.start())?, map(r.end())?));
    errors
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.range = map_range(e.range)?;
            if let Some((_, related)) = &mut e.related {
                *related = map_range(*related)?;
            }
            Some(e)
        })
        .collect()
}

/// The root of a tree like `token`'s with `new` in its place: one new node per ancestor,
/// built bottom-up without recursion (trees can be deep).
fn replace_in_tree(token: &SyntaxToken, new: GreenToken) -> GreenNode {
    let mut index = token.index();
    let mut replacement = NodeOrToken::Token(new);
    let mut node = token.parent().expect("a token always has a parent");
    loop {
        let green = node.green().replace_child(index, replacement);
        match node.parent() {
            Some(parent) => {
                index = node.index();
                replacement = NodeOrToken::Node(green);
                node = parent;
            }
            None => return green,
        }
    }
}
