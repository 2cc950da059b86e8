use crate::SyntaxKind::{self, *};

/// A binary operator (including the pipes `|>` and `<|`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Concat,
    Update,
    Add,
    Sub,
    Mul,
    Div,
    Equal,
    NotEqual,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    And,
    Or,
    Implication,
    PipeRight,
    PipeLeft,
}

impl BinaryOp {
    pub fn from_kind(kind: SyntaxKind) -> Option<BinaryOp> {
        use BinaryOp::*;
        Some(match kind {
            CONCAT => Concat,
            UPDATE => Update,
            PLUS => Add,
            MINUS => Sub,
            STAR => Mul,
            SLASH => Div,
            EQ_EQ => Equal,
            NOT_EQ => NotEqual,
            LESS => Less,
            LESS_EQ => LessOrEq,
            MORE => More,
            MORE_EQ => MoreOrEq,
            AND_AND => And,
            OR_OR => Or,
            IMPLICATION => Implication,
            PIPE_RIGHT => PipeRight,
            PIPE_LEFT => PipeLeft,
            _ => return None,
        })
    }
}

/// `!` or unary `-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOpKind {
    Not,
    Negate,
}
