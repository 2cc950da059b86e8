//! A light view of the green tree for `lower`: nodes and tokens with their offsets, read
//! without allocating (rowan's `SyntaxNode` allocates for every element it visits).

use rowan::{GreenNodeData, GreenTokenData, NodeOrToken};
use syntax::{NixLanguage, SyntaxKind, TextRange, TextSize};

#[derive(Clone, Copy)]
pub struct Node<'g> {
    green: &'g GreenNodeData,
    start: TextSize,
}

#[derive(Clone, Copy)]
pub struct Token<'g> {
    green: &'g GreenTokenData,
    start: TextSize,
}

pub type El<'g> = NodeOrToken<Node<'g>, Token<'g>>;

fn kind(raw: rowan::SyntaxKind) -> SyntaxKind {
    <NixLanguage as rowan::Language>::kind_from_raw(raw)
}

/// `kind()` for elements.
pub trait Kind {
    fn kind(&self) -> SyntaxKind;
}

impl Kind for El<'_> {
    fn kind(&self) -> SyntaxKind {
        match self {
            NodeOrToken::Node(n) => n.kind(),
            NodeOrToken::Token(t) => t.kind(),
        }
    }
}

impl<'g> Node<'g> {
    pub fn root(green: &'g GreenNodeData) -> Self {
        Node {
            green,
            start: TextSize::from(0),
        }
    }

    pub fn kind(&self) -> SyntaxKind {
        kind(self.green.kind())
    }

    pub fn text_range(&self) -> TextRange {
        TextRange::at(self.start, self.green.text_len())
    }

    pub fn children_with_tokens(&self) -> impl Iterator<Item = El<'g>> + 'g {
        let mut offset = self.start;
        self.green.children().map(move |child| {
            let start = offset;
            match child {
                NodeOrToken::Node(green) => {
                    offset += green.text_len();
                    NodeOrToken::Node(Node { green, start })
                }
                NodeOrToken::Token(green) => {
                    offset += green.text_len();
                    NodeOrToken::Token(Token { green, start })
                }
            }
        })
    }

    pub fn children(&self) -> impl Iterator<Item = Node<'g>> + 'g {
        self.children_with_tokens().filter_map(|e| e.into_node())
    }

    pub fn first_token(&self) -> Option<Token<'g>> {
        self.children_with_tokens().find_map(|e| match e {
            NodeOrToken::Token(t) => Some(t),
            NodeOrToken::Node(n) => n.first_token(),
        })
    }

    pub fn last_token(&self) -> Option<Token<'g>> {
        let children: Vec<El<'g>> = self.children_with_tokens().collect();
        children.into_iter().rev().find_map(|e| match e {
            NodeOrToken::Token(t) => Some(t),
            NodeOrToken::Node(n) => n.last_token(),
        })
    }

    /// Every token below, in order.
    pub fn tokens(&self, out: &mut Vec<(SyntaxKind, TextRange)>) {
        for e in self.children_with_tokens() {
            match e {
                NodeOrToken::Token(t) => out.push((t.kind(), t.text_range())),
                NodeOrToken::Node(n) => n.tokens(out),
            }
        }
    }
}

impl<'g> Token<'g> {
    pub fn kind(&self) -> SyntaxKind {
        kind(self.green.kind())
    }

    pub fn text(&self) -> &'g str {
        self.green.text()
    }

    pub fn text_range(&self) -> TextRange {
        TextRange::at(self.start, self.green.text_len())
    }
}
