//! What the evaluator knows, for the editor: the attributes of a set the text alone cannot
//! show (`lib.`, a flake input's outputs), a value's type and rendering, where it was
//! defined. `slice.rs` turns the expression at the cursor into a standalone Nix expression;
//! `service.rs` evaluates it on the evaluation thread; answers are plain data.

mod answer;
mod reads;
mod service;
pub mod slice;

pub use service::{EvalService, editor_options};
use std::path::PathBuf;

/// What an editor feature needs to ask the evaluator: the database (for the texts), the
/// workspace, the service, and how long to wait for an answer.
#[derive(Clone, Copy)]
pub struct Evaluator<'a> {
    pub db: &'a dyn crate::db::Db,
    pub workspace: Option<crate::db::Workspace>,
    pub service: &'a EvalService,
    pub wait: std::time::Duration,
    /// The `firn.options` setting: module systems named by hand.
    pub options: &'a crate::ide::OptionsSetting,
}

/// A question about the value of `expr` (evaluated with relative paths from `base_dir`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    pub expr: String,
    pub base_dir: PathBuf,
    pub question: Question,
    /// Files read as saved, whatever their buffers hold (a module being edited whose
    /// current text makes its configuration fail to evaluate).
    pub saved: Vec<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Question {
    /// Its attribute names, sorted.
    Names,
    /// What its attribute `name` is.
    Describe(String),
    /// What `expr` itself is (it need not be a set).
    Itself,
    /// `expr` is an `options` tree: what can be set under this path in a module.
    OptionNames(Vec<String>),
    /// `expr` is an `options` tree: the option at this path.
    OptionAt(Vec<String>),
    /// `expr` is an `options` tree: check each path a module sets (with the literal text
    /// of its value, when it is a literal).
    OptionCheck(Vec<(Vec<String>, Option<String>)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Names(Vec<String>),
    Value(ValueInfo),
    /// Names under an option path: each with its type when it is an option.
    OptionNames(Vec<(String, Option<String>)>),
    Option(OptionInfo),
    /// The problems of the checks asked, by their index.
    OptionProblems(Vec<(usize, OptionProblem)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionProblem {
    /// The name at this index of the path does not exist; these do, there.
    Unknown { at: usize, names: Vec<String> },
    /// The literal value is not of the option's type.
    WrongType { type_description: String },
    /// `mkRenamedOptionModule`: the option's new name.
    Renamed { to: String },
    /// `mkRemovedOptionModule`: why, and what to use instead.
    Removed { message: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionInfo {
    pub type_description: String,
    /// Markdown.
    pub description: Option<String>,
    /// Files on disk.
    pub declarations: Vec<PathBuf>,
    /// Where it is declared, to the line (1-based), when lib says (`declarationPositions`).
    pub positions: Vec<(PathBuf, u32)>,
    /// The values it takes, written as Nix (`true`, `"fast"`), for a Boolean or an enum.
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueInfo {
    /// `builtins.typeOf`'s word for it.
    pub type_name: String,
    /// A short rendering, forcing nothing beyond the value itself.
    pub rendering: String,
    pub definition: Option<SourcePos>,
}

/// A file on disk and a byte offset in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcePos {
    pub path: PathBuf,
    pub offset: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The text does not say enough to build an expression (an unknown function argument,
    /// a `with`).
    Unknown(String),
    Evaluation(String),
    NotASet(&'static str),
    TimedOut,
    /// A newer edit or a deadline stopped it.
    Cancelled,
    Unavailable,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Unknown(why) => write!(f, "not known without running the caller: {why}"),
            Failure::Evaluation(e) => write!(f, "evaluation failed: {e}"),
            Failure::NotASet(t) => write!(f, "the value is a {t}, not a set"),
            Failure::TimedOut => write!(f, "the evaluation took too long"),
            Failure::Cancelled => write!(f, "the evaluation was cancelled"),
            Failure::Unavailable => write!(f, "the evaluation thread is not running"),
        }
    }
}
