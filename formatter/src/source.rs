//! Line and column numbers of byte offsets, counted as nixfmt's parser (megaparsec)
//! counts them: columns in characters from 1, a tab advancing to the next multiple of 8.

pub struct SourceMap<'a> {
    pub text: &'a str,
    line_starts: Vec<usize>,
    /// The last column computed, (offset, column): tokens are asked for in order, so the
    /// next one on the same line continues from there.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap {
            text,
            line_starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }

    /// 1-based column of `offset`.
    pub fn column(&self, offset: usize) -> usize {
        let start = self.line_starts[self.line(offset) as usize - 1];
        let (last_offset, last_col) = self.last.get();
        let (from, mut col) = if (start..=offset).contains(&last_offset) {
            (last_offset, last_col)
        } else {
            (start, 1)
        };
        for c in self.text[from..offset].chars() {
            col = if c == '\t' {
                (col - 1) / 8 * 8 + 9
            } else {
                col + 1
            };
        }
        self.last.set((offset, col));
        col
    }
}
