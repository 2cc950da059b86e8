//! Builds the green tree.
//!
//! rowan's own `GreenNodeBuilder` hashes every token and every small node to deduplicate
//! them; profiling showed that to be a third of parse time. This builder instead:
//! - shares tokens whose text is fixed by their kind (keywords, punctuation) through a table
//!   indexed by kind, with no hashing;
//! - shares identifiers and whitespace through maps keyed by slices of the source text (no
//!   copy until a token is first made);
//! - makes every other token and every node fresh.
//!
//! Sharing keeps memory down for the language server, which holds many trees at once.

use crate::SyntaxKind::{self, *};
use rowan::{GreenNode, GreenToken, NodeOrToken};
use rustc_hash::FxHashMap;

type GreenElement = NodeOrToken<GreenNode, GreenToken>;

/// A position in the children being built, to wrap later siblings in a node (operators).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checkpoint(usize);

pub(crate) struct Builder<'t> {
    text: &'t str,
    /// Children of the nodes under construction, innermost last.
    children: Vec<GreenElement>,
    /// The height of each element of `children` (0 for a token): the finished tree's height
    /// tells `Parse` whether dropping it needs care (left-associative chains are deep).
    heights: Vec<u32>,
    /// Nodes under construction: their kind and where their children start.
    parents: Vec<(SyntaxKind, usize)>,
    fixed: Vec<Option<GreenToken>>,
    /// Whitespace made of `n` spaces (index `n`), and of a newline then `n` spaces.
    spaces: Vec<Option<GreenToken>>,
    newline_spaces: Vec<Option<GreenToken>>,
    shared: FxHashMap<(SyntaxKind, &'t str), GreenToken>,
}

/// Longest run of indentation whose whitespace token is kept in a table.
const INDENT_TABLE: usize = 64;

/// Kinds whose text is always the same, so one token can serve every occurrence.
fn has_fixed_text(kind: SyntaxKind) -> bool {
    kind.is_keyword() || (L_CURLY as u16..=PIPE_LEFT as u16).contains(&(kind as u16))
}

impl<'t> Builder<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Builder {
            text,
            children: Vec::with_capacity(64),
            heights: Vec::with_capacity(64),
            parents: Vec::with_capacity(32),
            fixed: vec![None; EOF as usize],
            spaces: vec![None; INDENT_TABLE],
            newline_spaces: vec![None; INDENT_TABLE],
            shared: FxHashMap::with_capacity_and_hasher(text.len() / 64, Default::default()),
        }
    }

    pub(crate) fn token(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        let text = &self.text[start..end];
        let token = if has_fixed_text(kind) {
            self.fixed[kind as usize]
                .get_or_insert_with(|| GreenToken::new(kind.into(), text))
                .clone()
        } else if let Some(slot) = self.indentation_slot(kind, text) {
            slot.get_or_insert_with(|| GreenToken::new(kind.into(), text))
                .clone()
        } else if matches!(kind, IDENT | WHITESPACE) && text.len() <= 32 {
            self.shared
                .entry((kind, text))
                .or_insert_with(|| GreenToken::new(kind.into(), text))
                .clone()
        } else {
            GreenToken::new(kind.into(), text)
        };
        self.children.push(NodeOrToken::Token(token));
        self.heights.push(0);
    }

    /// The table entry for whitespace shaped like indentation, found without hashing.
    fn indentation_slot(
        &mut self,
        kind: SyntaxKind,
        text: &str,
    ) -> Option<&mut Option<GreenToken>> {
        if kind != WHITESPACE || text.len() >= INDENT_TABLE {
            return None;
        }
        let (table, spaces) = match text.strip_prefix('\n') {
            Some(rest) => (&mut self.newline_spaces, rest),
            None => (&mut self.spaces, text),
        };
        if !spaces.bytes().all(|b| b == b' ') {
            return None;
        }
        table.get_mut(spaces.len())
    }

    pub(crate) fn start_node(&mut self, kind: SyntaxKind) {
        self.parents.push((kind, self.children.len()));
    }

    pub(crate) fn finish_node(&mut self) {
        let (kind, first) = self.parents.pop().expect("finish_node without start_node");
        let node = GreenNode::new(kind.into(), self.children.drain(first..));
        self.children.push(NodeOrToken::Node(node));
        let height = 1 + self.heights.drain(first..).max().unwrap_or(0);
        self.heights.push(height);
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.children.len())
    }

    /// Starts a node whose first child is the one at `checkpoint`.
    pub(crate) fn start_node_at(&mut self, checkpoint: Checkpoint, kind: SyntaxKind) {
        debug_assert!(checkpoint.0 <= self.children.len());
        debug_assert!(
            self.parents
                .last()
                .is_none_or(|&(_, first)| first <= checkpoint.0),
            "checkpoint is outside the current node"
        );
        self.parents.push((kind, checkpoint.0));
    }

    /// The root and the tree's height.
    pub(crate) fn finish(mut self) -> (GreenNode, u32) {
        assert!(self.parents.is_empty(), "unfinished nodes");
        assert_eq!(self.children.len(), 1, "the root must be the only node");
        match self.children.pop() {
            Some(NodeOrToken::Node(node)) => (node, self.heights[0]),
            _ => unreachable!("the root is a node"),
        }
    }
}
