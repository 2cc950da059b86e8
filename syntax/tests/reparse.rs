//! `Parse::reparse_token` against the parser itself: random edits of real files (typing
//! into identifiers, numbers and comments, and anything else nearby) in chains, each
//! incremental parse equal to a fresh parse of the edited text (tree and errors), and the
//! incremental path taken for most edits made inside a token.

use syntax::{SyntaxKind, TextRange, TextSize};
use test_utils::random::Rng;

/// What gets typed: identifier characters, digits, and what could merge or split tokens.
const TYPED: &[&str] = &[
    "a", "z", "_", "'", "-", "0", "9", ".", "e", " ", "\n", "#", "*", "/", "\"", "$", "{", "}",
    "or", "in", "if", "let", ":", "=", ";", "''", "://", "~", "<", ">", "\r\n", "é",
];

/// What gets typed into a token in the targeted half: what keeps an identifier one.
const NAME_TYPED: &[&str] = &["a", "z", "_", "'", "-", "0", "9"];

const CHAIN: usize = 40;

#[test]
fn token_edits_reparse_as_the_parser_does() {
    let mut texts: Vec<String> = HAND_WRITTEN.iter().map(|t| t.to_string()).collect();
    if let Some(root) = test_utils::reference_dir("FIRN_CORPUS", "reparse on the corpus") {
        // Every 20th file: a spread of real code, in a second or two.
        for path in test_utils::nix_files(&root).into_iter().step_by(20) {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let mut rng = Rng::new(0x07e9_a45e);
    let (mut edits, mut reused) = (0, 0);
    for original in &texts {
        let mut text = original.clone();
        let mut parse = syntax::parse(&text);
        for _ in 0..CHAIN {
            let (delete, insert) = random_edit(&mut rng, &parse);
            let mut next = text.clone();
            next.replace_range(
                usize::from(delete.start())..usize::from(delete.end()),
                &insert,
            );
            let fresh = syntax::parse(&next);
            edits += 1;
            if let Some(incremental) = parse.reparse_token(delete, &insert) {
                reused += 1;
                assert!(
                    incremental == fresh,
                    "replacing {delete:?} with {insert:?} in\n{text}\n\nincremental:\n{}\nerrors {:?}\n\nfresh:\n{}\nerrors {:?}",
                    incremental.debug_tree(),
                    incremental.errors(),
                    fresh.debug_tree(),
                    fresh.errors()
                );
                parse = incremental;
            } else {
                parse = fresh;
            }
            text = next;
        }
    }
    // Half the edits type name characters into a token: most take the short path.
    assert!(
        reused * 10 > edits * 3,
        "only {reused} of {edits} edits were reparsed incrementally"
    );
}

/// An edit inside or at the ends of a random identifier, number or comment half the
/// time, else anywhere.
fn random_edit(rng: &mut Rng, parse: &syntax::Parse) -> (TextRange, String) {
    let root = parse.syntax();
    let len = u32::from(root.text_range().end());
    let tokens: Vec<_> = root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| {
            matches!(
                t.kind(),
                SyntaxKind::IDENT
                    | SyntaxKind::INTEGER
                    | SyntaxKind::FLOAT
                    | SyntaxKind::COMMENT
                    | SyntaxKind::DOC_COMMENT
            )
        })
        .collect();
    let typed = 1 + rng.below(3);
    let targeted = !tokens.is_empty() && rng.chance(50);
    let insert = rng.string(if targeted { NAME_TYPED } else { TYPED }, typed);
    let range = if targeted {
        let range = rng.pick(&tokens).text_range();
        let at = char_boundary(
            parse,
            u32::from(range.start()) + rng.below(range.len().into()) as u32 + 1,
        );
        TextRange::empty(at.min(range.end()))
    } else {
        let at = char_boundary(parse, rng.below(len as usize + 1) as u32);
        TextRange::empty(at)
    };
    // Sometimes a deletion (or a replacement) of a few characters instead.
    if rng.chance(30) {
        let end = char_boundary(
            parse,
            (u32::from(range.start()) + 1 + rng.below(4) as u32).min(len),
        );
        let insert = if rng.chance(50) {
            String::new()
        } else {
            insert
        };
        return (
            TextRange::new(range.start(), end.max(range.start())),
            insert,
        );
    }
    (range, insert)
}

/// `offset` moved back to the start of its character.
fn char_boundary(parse: &syntax::Parse, offset: u32) -> TextSize {
    let text = parse.syntax().to_string();
    let mut at = (offset as usize).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    TextSize::from(at as u32)
}

const HAND_WRITTEN: &[&str] = &[
    "{ a = 1; b = x: y; c = a.b or c; }",
    "let f = x: x; in f 1",
    "{\n  foo = 1;\n  f\n  bar = 2;\n}\n",
    "{ x = \"a ${b} c\"; y = ''\n  z ${w}\n''; }",
    "[ 1 2.5 3e4 /* c */ # d\n ]",
    "{\n  /** doc */\n  a = 1;\n}",
    "x:y",
    "a/b ./c ~/d <e>",
    "{ inherit (a) b c; ${d} = 1; \"e\" = 2; }",
    "if a then b else c",
    "rec { a = 1; a = 2; }",
];
