//! Diagnostics in LSP's terms. When they are computed is the main loop's business: after a
//! quiet period following an edit, at once for an opened document, for the version they
//! were computed on.

use super::document;
use analysis::Severity;
use ls_types::*;

pub(crate) fn to_lsp(rope: &ropey::Rope, uri: &Uri, d: &analysis::Diagnostic) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let tags = d
        .code
        .as_str()
        .starts_with("unused-")
        .then(|| vec![DiagnosticTag::UNNECESSARY]);
    Diagnostic {
        range: document::range(rope, d.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("firn".to_string()),
        message: d.message.clone(),
        related_information: d.related.as_ref().map(|(label, range)| {
            vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), document::range(rope, *range)),
                message: label.clone(),
            }]
        }),
        tags,
        ..Default::default()
    }
}
