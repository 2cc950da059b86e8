//! An open document: its text as a rope, with conversions between byte offsets (the
//! analyzer's) and LSP positions (line, UTF-16 code unit).

use ls_types::{Position, Range, TextDocumentContentChangeEvent};
use ropey::Rope;
use syntax::{TextRange, TextSize};

pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// Applies one change of a `didChange` notification (incremental or full). Returns the
    /// edit in bytes of the text before it (range replaced, new text), or `None` when the
    /// whole text was replaced.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent) -> Option<TextRange> {
        let Some(range) = change.range else {
            self.rope = Rope::from_str(&change.text);
            return None;
        };
        let start_byte = offset(&self.rope, range.start);
        let end_byte = offset(&self.rope, range.end).max(start_byte);
        let start = self.rope.byte_to_char(start_byte);
        let end = self.rope.byte_to_char(end_byte);
        self.rope.remove(start..end);
        self.rope.insert(start, &change.text);
        Some(TextRange::new(
            TextSize::from(start_byte as u32),
            TextSize::from(end_byte as u32),
        ))
    }
}

/// The byte offset of an LSP position, clamped into the text (clients may send positions
/// past a line's end or the file's end).
pub fn offset(rope: &Rope, position: Position) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_char = rope.line_to_char(line);
    let line_utf16 = rope.char_to_utf16_cu(line_char);
    let line_len = rope.line(line).len_chars();
    // Stop before the line break.
    let content_len = {
        let slice = rope.line(line);
        let mut len = line_len;
        while len > 0 && matches!(slice.char(len - 1), '\n' | '\r') {
            len -= 1;
        }
        len
    };
    let max_utf16 = rope.char_to_utf16_cu(line_char + content_len);
    let target = (line_utf16 + position.character as usize).min(max_utf16);
    let ch = rope.utf16_cu_to_char(target);
    rope.char_to_byte(ch)
}

pub fn text_size(rope: &Rope, position: Position) -> TextSize {
    TextSize::from(offset(rope, position) as u32)
}

/// The byte range of an LSP range (its ends ordered, as clients may send them reversed).
pub fn text_range(rope: &Rope, range: Range) -> TextRange {
    let (a, b) = (text_size(rope, range.start), text_size(rope, range.end));
    TextRange::new(a.min(b), a.max(b))
}

pub fn position(rope: &Rope, offset: TextSize) -> Position {
    let byte = usize::from(offset).min(rope.len_bytes());
    let ch = rope.byte_to_char(byte);
    let line = rope.char_to_line(ch);
    let line_char = rope.line_to_char(line);
    let character = rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_char);
    Position::new(line as u32, character as u32)
}

/// The length of `line` in UTF-16 units, its line break excluded.
#[cfg(test)]
pub fn line_len_utf16(rope: &Rope, line: u32) -> u32 {
    let line = line as usize;
    if line >= rope.len_lines() {
        return 0;
    }
    let slice = rope.line(line);
    let mut chars = slice.len_chars();
    while chars > 0 && matches!(slice.char(chars - 1), '\n' | '\r') {
        chars -= 1;
    }
    slice.char_to_utf16_cu(chars) as u32
}

/// Turns increasing byte offsets into positions in one pass over the text (each
/// [`position`] call costs a search of the rope: thousands of semantic tokens add up).
pub struct PositionWalker<'a> {
    rope: &'a Rope,
    chars: std::iter::Peekable<ropey::iter::Chars<'a>>,
    offset: usize,
    line: u32,
    character: u32,
}

impl<'a> PositionWalker<'a> {
    pub fn new(rope: &'a Rope) -> Self {
        PositionWalker {
            rope,
            chars: rope.chars().peekable(),
            offset: 0,
            line: 0,
            character: 0,
        }
    }

    /// The position of `target` (a character boundary); `line_end(line, length)` hears of
    /// each line break passed on the way, with the line's length in UTF-16 units. An offset
    /// behind the last one starts the walk again from the top.
    pub fn advance(&mut self, target: TextSize, mut line_end: impl FnMut(u32, u32)) -> Position {
        let target = usize::from(target);
        if target < self.offset {
            *self = PositionWalker::new(self.rope);
        }
        while self.offset < target {
            let Some(c) = self.chars.next() else { break };
            self.offset += c.len_utf8();
            let breaks = match c {
                '\n' => true,
                // CRLF breaks at its LF; a lone CR is a break of its own.
                '\r' => self.chars.peek() != Some(&'\n'),
                _ => false,
            };
            if breaks {
                line_end(self.line, self.character);
                self.line += 1;
                self.character = 0;
            } else if c != '\r' {
                self.character += c.len_utf16() as u32;
            }
        }
        Position::new(self.line, self.character)
    }
}

pub fn range(rope: &Rope, range: TextRange) -> Range {
    Range::new(position(rope, range.start()), position(rope, range.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_round_trip() {
        let rope = Rope::from_str("a = \"é😀\";\r\nb = 1;\rc");
        // `;` after `a = "é😀"`: 😀 is 4 bytes but 2 UTF-16 units, é 2 bytes but 1 unit.
        let semi = "a = \"é😀\"".len() as u32;
        let pos = position(&rope, TextSize::from(semi));
        assert_eq!(pos, Position::new(0, 9));
        assert_eq!(offset(&rope, pos), semi as usize);
        // A lone CR ends a line too.
        assert_eq!(
            position(&rope, TextSize::from((rope.len_bytes() - 1) as u32)),
            Position::new(2, 0)
        );
        // Past the end of a line clamps to its end, before the line break.
        assert_eq!(
            offset(&rope, Position::new(1, 99)),
            "a = \"é😀\";\r\nb = 1;".len()
        );
    }

    #[test]
    fn the_walker_agrees_with_position() {
        let rope = Rope::from_str("a = \"é😀\";\r\nb = 1;\rc\n\n😀x");
        let text = rope.to_string();
        let mut walker = PositionWalker::new(&rope);
        let mut lines = Vec::new();
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if offset > 0
                && text.as_bytes()[offset - 1] == b'\r'
                && text[offset..].starts_with('\n')
            {
                continue; // Between CR and LF: no position names it.
            }
            let at = TextSize::from(offset as u32);
            let walked = walker.advance(at, |line, len| lines.push((line, len)));
            assert_eq!(walked, position(&rope, at), "at {offset}");
        }
        let expected: Vec<(u32, u32)> = (0..4).map(|l| (l, line_len_utf16(&rope, l))).collect();
        assert_eq!(lines, expected);
        // Backwards starts again.
        assert_eq!(
            walker.advance(TextSize::from(1), |_, _| {}),
            Position::new(0, 1)
        );
    }

    #[test]
    fn incremental_edit() {
        let mut doc = Document::new("let x = 1; in x", 1);
        let edit = doc.apply(&TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 8), Position::new(0, 9))),
            range_length: None,
            text: "42".into(),
        });
        assert_eq!(doc.rope.to_string(), "let x = 42; in x");
        assert_eq!(edit, Some(TextRange::new(8.into(), 9.into())));
    }
}
