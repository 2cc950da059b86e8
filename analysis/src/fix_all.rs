//! Every safe fix of a file at once (`firn check --fix`, the server's `source.fixAll`):
//! fixes are applied in rounds, as one fix can make another diagnostic appear (removing an
//! unused binding can leave its `let` empty), and the result is refused if it parses worse
//! than the original did.

use crate::{AnalysisHost, DiagnosticsConfig, SourceFile, TextEdit};

/// Rounds of fixes: fixes that overlap wait for the next round.
const FIX_ROUNDS: usize = 8;

/// The fixed text, or `None` if nothing changed or the result would not parse. The host's
/// text for `file` is the fixed text afterwards, or the original one.
pub fn fix_all(
    host: &mut AnalysisHost,
    file: SourceFile,
    config: &DiagnosticsConfig,
) -> Option<String> {
    let original = host.text(file).to_string();
    let syntax_errors_before = syntax::parse(&original).errors().len();
    let mut text = original.clone();
    for _ in 0..FIX_ROUNDS {
        let Ok(diags) = host.analysis().diagnostics(file, config) else {
            break;
        };
        let edits: Vec<TextEdit> = diags
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.automatic)
            .flat_map(|f| f.edits.iter().cloned())
            .collect();
        if edits.is_empty() {
            break;
        }
        let (next, applied) = crate::diagnostics::apply_edits(&text, &edits);
        if applied == 0 || next == text {
            break;
        }
        text = next;
        host.set_text(file, text.clone());
    }
    let broken = syntax::parse(&text).errors().len() > syntax_errors_before;
    if broken || text == original {
        host.set_text(file, original);
        return None;
    }
    Some(text)
}
