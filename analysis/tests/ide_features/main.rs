//! IDE features beyond the cursor basics of `tests/ide.rs`: one module per feature, each
//! running the fixtures of `test_data/<feature>/` (cursor markers `$0`, `$1`; several files
//! separated by `#- /path.nix` lines, see `test_utils::Fixture`).

mod attr_completion;
mod build_lenses;
mod document_links;
mod formatting;
mod inlay_hints;
mod refactors;
mod references;
mod selection_ranges;
mod semantic_tokens;
mod signature_help;
mod workspace_symbols;

use analysis::{Analysis, AnalysisHost, SourceFile};
use std::path::Path;
use test_utils::Fixture;

/// A fixture loaded into a fresh analysis: its files (in fixture order) and the snapshot.
struct Loaded {
    fixture: Fixture,
    files: Vec<SourceFile>,
    analysis: Analysis,
}

impl Loaded {
    fn new(text: &str) -> Loaded {
        let fixture = Fixture::parse(text);
        let mut host = AnalysisHost::default();
        let files = fixture
            .files
            .iter()
            .map(|(path, text)| host.set_file_text(path, text.clone()))
            .collect();
        Loaded {
            fixture,
            files,
            analysis: host.analysis(),
        }
    }

    /// The first file's text.
    fn text(&self) -> &str {
        &self.fixture.files[0].1
    }

    /// The offset of `$digit` (in whichever file holds it).
    fn offset(&self, digit: u8) -> Option<syntax::TextSize> {
        self.fixture
            .marker(digit)
            .map(|(_, offset)| syntax::TextSize::from(offset as u32))
    }

    /// `$0`…`$1` as a range, or an empty range at `$0`.
    fn marked_range(&self) -> Option<syntax::TextRange> {
        let start = self.offset(0)?;
        Some(syntax::TextRange::new(
            start,
            self.offset(1).unwrap_or(start),
        ))
    }
}

/// Runs `f` on every fixture of `test_data/<feature>/`.
fn check_feature(feature: &str, mut f: impl FnMut(&Loaded) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(feature);
    test_utils::check_dir(&dir, "nix", "txt", |_, text| f(&Loaded::new(text)));
}
