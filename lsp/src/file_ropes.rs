//! Positions in files a result names that may not be open: the open document's rope when
//! it is, or a rope built (once per request) from the file's text in the database, or on
//! disk for a file the analyzer does not know (evaluated code outside the workspace).

use super::document;
use analysis::Analysis;
use ls_types::{Location, Range, Uri};
use ropey::Rope;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) struct FileRopes<'a> {
    analysis: &'a Analysis,
    ropes: HashMap<PathBuf, Rope>,
}

impl<'a> FileRopes<'a> {
    pub fn new(analysis: &'a Analysis) -> Self {
        FileRopes {
            analysis,
            ropes: HashMap::new(),
        }
    }

    /// Uses `rope` for `path` (an open document's, already at hand).
    pub fn with_open(mut self, path: PathBuf, rope: Rope) -> Self {
        self.ropes.insert(path, rope);
        self
    }

    pub fn rope(&mut self, path: &Path) -> &Rope {
        let analysis = self.analysis;
        self.ropes
            .entry(path.to_path_buf())
            .or_insert_with(|| match analysis.file_text(path) {
                Some(text) => Rope::from_str(text),
                None => Rope::from_str(&std::fs::read_to_string(path).unwrap_or_default()),
            })
    }

    pub fn range(&mut self, path: &Path, range: syntax::TextRange) -> Range {
        document::range(self.rope(path), range)
    }

    pub fn location(&mut self, path: &Path, range: syntax::TextRange) -> Option<Location> {
        let uri = Uri::from_file_path(path)?;
        Some(Location::new(uri, self.range(path, range)))
    }
}
