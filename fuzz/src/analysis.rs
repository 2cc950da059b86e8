//! The analyzer: every IDE feature, at offsets spread over the file, answers without a
//! panic, and every range it returns lies inside the text on character boundaries (the
//! server converts them to UTF-16 positions). After an edit, the incremental answers equal
//! those of a fresh database opened on the edited text.

use analysis::{AnalysisHost, DiagnosticsConfig, FormatOptions};
use std::path::Path;
use syntax::{TextRange, TextSize};

/// Offsets queried per input, besides the start and the end.
const OFFSETS: usize = 6;

/// Replacements the edit step splices in.
const INSERTIONS: &[&str] = &[
    "",
    "x",
    " ",
    "{",
    "}",
    "\"",
    "${",
    "# c\n",
    "let a = 1; in ",
    "é",
];

pub fn check(data: &[u8]) {
    let text = crate::input_text(data);
    // The choices for offsets and the edit come from the input's bytes too, so a finding
    // replays exactly.
    let seed = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    check_text(&text, seed);
}

pub fn check_text(text: &str, seed: u64) {
    let mut choices = Choices(seed);
    let path = Path::new("/fuzz/default.nix");
    let mut host = AnalysisHost::default();
    let file = host.set_file_text(path, text.to_string());
    let mut offsets = vec![TextSize::from(0), TextSize::of(text)];
    offsets.extend((0..OFFSETS).map(|_| choices.offset(text)));

    let a = host.analysis();
    let config = DiagnosticsConfig::default();
    let ok = "queries are not cancelled without an edit";
    let within = |range: TextRange, what: &str| check_range(text, range, what);

    for d in a.diagnostics(file, &config).expect(ok) {
        within(d.range, "diagnostic");
        if let Some((_, r)) = d.related {
            within(r, "related diagnostic range");
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            within(e.range, "fix edit");
        }
    }
    let mut symbols = a.document_symbols(file).expect(ok);
    while let Some(s) = symbols.pop() {
        within(s.range, "symbol");
        within(s.selection_range, "symbol selection");
        symbols.extend(s.children);
    }
    for r in a.folding_ranges(file).expect(ok) {
        within(r, "folding range");
    }
    let whole = TextRange::up_to(TextSize::of(text));
    for t in a.semantic_tokens(file, None).expect(ok) {
        within(t.range, "semantic token");
    }
    for l in a.document_links(file).expect(ok) {
        within(l.range, "document link");
    }
    for h in a.inlay_hints(file, whole).expect(ok) {
        within(TextRange::empty(h.offset), "inlay hint");
    }
    if let Ok(edits) = a.format(file, &FormatOptions::default()).expect(ok) {
        for e in edits {
            within(e.range, "formatting edit");
        }
    }
    for chain in a.selection_ranges(file, &offsets).expect(ok) {
        for r in chain {
            within(r, "selection range");
        }
    }
    for pair in offsets.windows(2) {
        let range = TextRange::new(pair[0].min(pair[1]), pair[0].max(pair[1]));
        for r in a.refactors(file, range).expect(ok) {
            for e in r.edits {
                within(e.range, "refactor edit");
            }
        }
        if let Ok(edits) = a
            .format_range(file, range, &FormatOptions::default())
            .expect(ok)
        {
            for e in edits {
                within(e.range, "range formatting edit");
            }
        }
    }
    for &offset in &offsets {
        for t in a.goto_definition(file, offset).expect(ok) {
            if t.path == path {
                within(t.range, "definition");
            }
        }
        for r in a.references(file, offset).expect(ok) {
            within(r.range, "reference");
        }
        if let Some(h) = a.hover(file, offset).expect(ok) {
            within(h.range, "hover");
        }
        drop(a.completions(file, offset).expect(ok));
        if let Ok(edits) = a.rename(file, offset, "renamed").expect(ok) {
            for e in edits.iter().flat_map(|(_, e)| e) {
                within(e.range, "rename edit");
            }
        }
        drop(a.signature_help(file, offset).expect(ok));
    }
    drop(a.workspace_symbols("a").expect(ok));
    drop(a);

    // An edit, then the incremental answers against a fresh database's.
    let start = choices.offset(text);
    let end = choices.offset(text).max(start);
    let insertion = INSERTIONS[choices.below(INSERTIONS.len())];
    let edited = format!(
        "{}{insertion}{}",
        &text[..usize::from(start)],
        &text[usize::from(end)..]
    );
    host.set_text(file, edited.clone());
    let mut fresh = AnalysisHost::default();
    let fresh_file = fresh.set_file_text(path, edited);
    let (a, b) = (host.analysis(), fresh.analysis());
    assert_eq!(
        a.diagnostics(file, &config).expect(ok),
        b.diagnostics(fresh_file, &config).expect(ok),
        "diagnostics after an edit differ from a fresh analysis"
    );
    assert_eq!(
        a.semantic_tokens(file, None).expect(ok),
        b.semantic_tokens(fresh_file, None).expect(ok),
        "semantic tokens after an edit differ from a fresh analysis"
    );
    assert_eq!(
        a.document_symbols(file).expect(ok),
        b.document_symbols(fresh_file).expect(ok),
        "symbols after an edit differ from a fresh analysis"
    );
    assert_eq!(
        a.folding_ranges(file).expect(ok),
        b.folding_ranges(fresh_file).expect(ok),
        "folding ranges after an edit differ from a fresh analysis"
    );
}

fn check_range(text: &str, range: TextRange, what: &str) {
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        panic!(
            "a {what} range {start}..{end} is not a range of the {}-byte text",
            text.len()
        );
    }
}

/// Offsets and picks drawn from the input's hash (splitmix64).
struct Choices(u64);

impl Choices {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }

    /// An offset on a character boundary, as the server hands them over.
    fn offset(&mut self, text: &str) -> TextSize {
        let mut i = self.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        TextSize::from(i as u32)
    }
}
