//! Which diagnostics are enabled and how severe they are, plus `# firn: allow(code)`
//! suppression comments.

use super::{Diagnostic, DiagnosticCode, Severity};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagnosticsConfig {
    /// Per code: `None` disables it, `Some(s)` sets its severity.
    pub overrides: HashMap<DiagnosticCode, Option<Severity>>,
}

impl DiagnosticsConfig {
    /// Parses `code=severity` or `code=off` settings (as given on the command line).
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (code, level) = setting
            .split_once('=')
            .ok_or_else(|| format!("expected CODE=LEVEL, got `{setting}`"))?;
        let code = DiagnosticCode::parse(code.trim())
            .ok_or_else(|| format!("unknown diagnostic code `{code}`"))?;
        let level =
            match level.trim() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    format!("unknown level `{other}` (error, warning, hint, off)")
                })?),
            };
        self.overrides.insert(code, level);
        Ok(())
    }

    /// The diagnostic as configured, or `None` if disabled or suppressed in `text`.
    pub fn apply(&self, mut diagnostic: Diagnostic, text: &str) -> Option<Diagnostic> {
        if let Some(level) = self.overrides.get(&diagnostic.code) {
            diagnostic.severity = (*level)?;
        }
        (!is_suppressed(&diagnostic, text)).then_some(diagnostic)
    }
}

/// `# firn: allow(code, …)` on the diagnostic's line, or alone on the line before it.
fn is_suppressed(diagnostic: &Diagnostic, text: &str) -> bool {
    let start = usize::from(diagnostic.range.start()).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let code = diagnostic.code.as_str();
    if allows(&text[line_start..line_end], code) {
        return true;
    }
    if line_start == 0 {
        return false;
    }
    let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    let prev = text[prev_start..line_start - 1].trim();
    prev.starts_with('#') && allows(prev, code)
}

fn allows(line: &str, code: &str) -> bool {
    let Some(at) = line.find("# firn: allow(") else {
        return false;
    };
    let rest = &line[at + "# firn: allow(".len()..];
    let Some(end) = rest.find(')') else {
        return false;
    };
    rest[..end].split(',').any(|c| c.trim() == code)
}
