//! Trees of any depth. Left-associative chains (`1 + 1 + …`, `f a a …`, `a.b.c…`) are built in
//! a loop, so a valid file of a few kilobytes can hold a tree tens of thousands of levels
//! deep. Every recursive pass over a tree, in any crate, runs its recursion through
//! [`with_stack`]; the green tree itself is dropped and compared without recursion here.

use rowan::{GreenNode, GreenNodeData, NodeOrToken};

/// Stack that must be left before a recursive step; below it a new segment is allocated.
const RED_ZONE: usize = 256 * 1024;
/// Size of each stack segment allocated on the heap when the red zone is reached.
const SEGMENT: usize = 8 * 1024 * 1024;

/// Runs `f`, first moving to a fresh stack segment when little of the current one is left.
/// Call it once per level of a recursive pass over a tree (it costs a comparison of the
/// stack pointer with a thread-local limit).
#[inline]
pub fn with_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// Trees at least this high are dropped by [`drop_green`]; lower ones drop recursively,
/// far from the stack's end.
pub(crate) const DEEP: u32 = 512;

/// Drops a green tree without recursion: each node's child nodes are kept alive on an
/// explicit stack before the node itself is released, so no drop goes more than one level.
pub(crate) fn drop_green(root: GreenNode) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        stack.extend(node.children().filter_map(|child| match child {
            NodeOrToken::Node(child) => Some(child.to_owned()),
            NodeOrToken::Token(_) => None,
        }));
        drop(node);
    }
}

/// Structural equality of two green trees, without recursion (rowan's own `==` recurses).
pub(crate) fn green_eq(a: &GreenNodeData, b: &GreenNodeData) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        if std::ptr::eq(a, b) {
            continue;
        }
        if a.kind() != b.kind()
            || a.text_len() != b.text_len()
            || a.children().len() != b.children().len()
        {
            return false;
        }
        for pair in a.children().zip(b.children()) {
            match pair {
                (NodeOrToken::Node(a), NodeOrToken::Node(b)) => stack.push((a, b)),
                (NodeOrToken::Token(a), NodeOrToken::Token(b)) if a == b => {}
                _ => return false,
            }
        }
    }
    true
}
