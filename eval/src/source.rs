//! Source files the evaluator has read, and compact positions into them.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A position: a file of the [`Sources`] table and a byte offset. `Pos::NONE` for values
/// made by builtins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pos {
    pub file: u32,
    pub offset: u32,
}

impl Pos {
    pub const NONE: Pos = Pos {
        file: u32::MAX,
        offset: 0,
    };
    pub fn is_none(self) -> bool {
        self.file == u32::MAX
    }
}

/// Where a source came from: a file on disk, or text given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    /// `-E` or stdin: printed as `«string»` / `«stdin»`, as Nix does.
    Text(&'static str),
}

pub struct SourceFile {
    pub origin: Origin,
    pub text: Rc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    fn new(origin: Origin, text: Rc<str>) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        SourceFile {
            origin,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (columns count characters, as Nix's do for ASCII).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    pub fn display_name(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Text(name) => name.to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Text(_) => None,
        }
    }
}

thread_local! {
    /// The sources of the machine most recently made on this thread, so that printing a
    /// function in a message can say where it was written (`«lambda @ file:1:4»`) without
    /// every printer taking the machine.
    static CURRENT: std::cell::RefCell<std::rc::Weak<Sources>> = Default::default();
}

/// Makes `sources` the ones [`describe_current`] reads on this thread.
pub fn set_current(sources: &Rc<Sources>) {
    CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(sources));
}

/// `file:line:col` of a position in the current machine's sources.
pub fn describe_current(pos: Pos) -> Option<String> {
    let sources = CURRENT.with(|c| c.borrow().upgrade())?;
    let (file, line, col) = sources.describe(pos)?;
    Some(format!("{file}:{line}:{col}"))
}

/// Every source read during an evaluation; positions index into it.
#[derive(Default)]
pub struct Sources {
    files: RefCell<Vec<Rc<SourceFile>>>,
}

impl Sources {
    pub fn add(&self, origin: Origin, text: Rc<str>) -> u32 {
        let mut files = self.files.borrow_mut();
        files.push(Rc::new(SourceFile::new(origin, text)));
        files.len() as u32 - 1
    }

    pub fn get(&self, file: u32) -> Option<Rc<SourceFile>> {
        self.files.borrow().get(file as usize).cloned()
    }

    pub fn all(&self) -> Vec<Rc<SourceFile>> {
        self.files.borrow().clone()
    }

    /// `file:line:col` of a position, or `None` when it has none.
    pub fn describe(&self, pos: Pos) -> Option<(String, u32, u32)> {
        let file = self.get(pos.file)?;
        let (line, col) = file.line_col(pos.offset);
        Some((file.display_name(), line, col))
    }
}
