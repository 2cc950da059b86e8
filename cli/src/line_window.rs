//! Snippets of long lines. codespan-reporting prints every line a label touches in full; a
//! one-line file of 600 KB with a thousand errors would print gigabytes. [`Windowed`] shows
//! at most [`MAX_SHOWN`] bytes of a line, around the diagnostic's position, and keeps
//! `line:column` the real ones.

use codespan_reporting::files::{Error, Files};
use std::cell::Cell;
use std::ops::Range;

/// The most of one line a snippet shows.
pub const MAX_SHOWN: usize = 160;

/// `inner` seen through a window around `focus` (a byte offset) on lines longer than
/// [`MAX_SHOWN`].
pub struct Windowed<'f, F> {
    pub inner: &'f F,
    pub focus: usize,
    /// Shared by the diagnostics of one file, which come in order of position.
    pub columns: &'f ColumnCache,
}

/// The last column computed: (line start, byte, column index). Counting characters from the
/// line's start for every error of a long line would be quadratic; errors come sorted, so
/// counting on from the previous one is linear.
#[derive(Default)]
pub struct ColumnCache(Cell<(usize, usize, usize)>);

impl ColumnCache {
    fn column_index(&self, text: &str, line_start: usize, byte: usize) -> usize {
        let byte = floor_char_boundary(text, byte.max(line_start));
        let (start, from, column) = self.0.get();
        let (from, column) = if start == line_start && from <= byte && from > 0 {
            (from, column)
        } else {
            (line_start, 0)
        };
        let column = column + text[from..byte].chars().count();
        self.0.set((line_start, byte, column));
        column
    }
}

impl<'f, F> Windowed<'f, F>
where
    F: Files<'f>,
{
    /// `range` moved inside the windows of its first and last lines, so that every label
    /// lies within what is shown.
    pub fn clamp(&'f self, id: F::FileId, range: Range<usize>) -> Range<usize> {
        let shown = |byte: usize| {
            let line = self.inner.line_index(id, byte).ok()?;
            self.line_range(id, line).ok()
        };
        let (Some(first), Some(last)) = (shown(range.start), shown(range.end)) else {
            return range;
        };
        let start = range.start.clamp(first.start, first.end);
        let end = range.end.clamp(last.start, last.end).max(start);
        start..end
    }
}

impl<'f, F> Files<'f> for Windowed<'f, F>
where
    F: Files<'f>,
{
    type FileId = F::FileId;
    type Name = F::Name;
    type Source = F::Source;

    fn name(&'f self, id: Self::FileId) -> Result<Self::Name, Error> {
        self.inner.name(id)
    }

    fn source(&'f self, id: Self::FileId) -> Result<Self::Source, Error> {
        self.inner.source(id)
    }

    fn line_index(&'f self, id: Self::FileId, byte_index: usize) -> Result<usize, Error> {
        self.inner.line_index(id, byte_index)
    }

    /// The real column, counted from the start of the whole line.
    fn column_number(
        &'f self,
        id: Self::FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let source = self.inner.source(id)?;
        let line = self.inner.line_range(id, line_index)?;
        let byte = byte_index.min(line.end);
        Ok(self.columns.column_index(source.as_ref(), line.start, byte) + 1)
    }

    fn line_range(&'f self, id: Self::FileId, line_index: usize) -> Result<Range<usize>, Error> {
        let line = self.inner.line_range(id, line_index)?;
        if line.len() <= MAX_SHOWN {
            return Ok(line);
        }
        let source = self.inner.source(id)?;
        let text = source.as_ref();
        let center = if line.contains(&self.focus) {
            self.focus
        } else {
            line.start
        };
        let end = (center.saturating_sub(MAX_SHOWN / 2).max(line.start) + MAX_SHOWN).min(line.end);
        let start = end.saturating_sub(MAX_SHOWN).max(line.start);
        Ok(floor_char_boundary(text, start)..floor_char_boundary(text, end))
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::files::SimpleFile;

    #[test]
    fn long_lines_show_a_window_with_real_columns() {
        let text = format!("{}é{}\nshort\n", "a".repeat(1000), "b".repeat(1000));
        let file = SimpleFile::new("f", text.as_str());
        let columns = ColumnCache::default();
        let windowed = Windowed {
            inner: &file,
            focus: 1500,
            columns: &columns,
        };
        let shown = windowed.line_range((), 0).unwrap();
        assert!(
            shown.len() <= MAX_SHOWN && shown.contains(&1500),
            "{shown:?}"
        );
        // Column 1500 bytes in, past a two-byte character: 1,500th character, 1-based.
        assert_eq!(windowed.location((), 1500).unwrap().column_number, 1500);
        assert_eq!(windowed.line_range((), 1).unwrap(), 2003..2009);
        assert_eq!(windowed.clamp((), 10..1500), shown.start..1500);
        // The cache counts on, and starts again when asked about an earlier byte.
        assert_eq!(windowed.location((), 1700).unwrap().column_number, 1700);
        assert_eq!(windowed.location((), 5).unwrap().column_number, 6);
    }
}
