//! The safety net (nixfmt's `--verify`): the output must parse, mean the same as the input
//! (the trees equal, trivia aside, strings compared by value) and keep every comment.

use syntax::SyntaxKind::*;
use syntax::ast::{AstNode, InterpolPart, Str};
use syntax::{SyntaxNode, WalkEvent};

/// What must survive formatting: the tree's shape and tokens, strings by value (a `''`
/// string may become a `"` string, a URI a string), and the text of the comments.
#[derive(Debug, PartialEq, Eq)]
pub struct Meaning {
    tree: Vec<String>,
    comments: String,
}

impl Meaning {
    /// Where `self` and `other` first differ, for the error message.
    pub fn difference(&self, other: &Meaning) -> String {
        if let Some(i) = (0..self.tree.len().max(other.tree.len()))
            .find(|&i| self.tree.get(i) != other.tree.get(i))
        {
            let around = |t: &[String]| t[i.saturating_sub(8)..(i + 4).min(t.len())].join(" ");
            return format!(
                "the trees differ: `{}` became `{}`",
                around(&self.tree),
                around(&other.tree)
            );
        }
        let i = self
            .comments
            .chars()
            .zip(other.comments.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let tail = |s: &str| s.chars().skip(i).take(40).collect::<String>();
        format!(
            "a comment changed: `{}` became `{}`",
            tail(&self.comments),
            tail(&other.comments)
        )
    }
}

pub fn meaning(root: &SyntaxNode) -> Meaning {
    let mut tree = Vec::new();
    let mut comments = String::new();
    for t in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        if matches!(t.kind(), COMMENT | DOC_COMMENT) {
            // Delimiters and layout may change (`/* */` becomes `#`); the words may not.
            comments.extend(
                t.text()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !"#*/".contains(*c)),
            );
        }
    }
    // Comments may move (a trailing comment goes before its token) and merge: what is
    // compared is the multiset of their characters.
    let mut chars: Vec<char> = comments.chars().collect();
    chars.sort_unstable();
    let comments = chars.into_iter().collect();
    shape(root, &mut tree);
    Meaning { tree, comments }
}

fn shape(node: &SyntaxNode, out: &mut Vec<String>) {
    let mut events = node.preorder_with_tokens();
    while let Some(event) = events.next() {
        match event {
            WalkEvent::Enter(rowan::NodeOrToken::Node(n)) => {
                if let Some(s) = Str::cast(n.clone()) {
                    out.push("string(".into());
                    for part in s.normalized_parts() {
                        match part {
                            InterpolPart::Literal(text) => out.push(format!("{text:?}")),
                            InterpolPart::Interpolation(i) => shape(i.syntax(), out),
                        }
                    }
                    // The walk still leaves the node: that closes the parenthesis.
                    events.skip_subtree();
                } else if n.kind() == LITERAL && n.first_token().is_some_and(|t| t.kind() == URI) {
                    let text = n
                        .first_token()
                        .map(|t| t.text().to_string())
                        .unwrap_or_default();
                    out.extend(["string(".into(), format!("{text:?}")]);
                    events.skip_subtree();
                } else {
                    out.push(format!("{:?}(", n.kind()));
                }
            }
            WalkEvent::Leave(rowan::NodeOrToken::Node(_)) => out.push(")".into()),
            // A pattern's last comma is optional: nixfmt adds it when it expands the pattern.
            WalkEvent::Enter(rowan::NodeOrToken::Token(t))
                if t.kind() == COMMA && next_real(&t).is_some_and(|n| n.kind() == R_CURLY) => {}
            WalkEvent::Enter(rowan::NodeOrToken::Token(t)) if !t.kind().is_trivia() => {
                out.push(t.text().to_string())
            }
            _ => {}
        }
    }
}

fn next_real(t: &syntax::SyntaxToken) -> Option<syntax::SyntaxToken> {
    std::iter::successors(t.next_token(), |t| t.next_token()).find(|t| !t.kind().is_trivia())
}
