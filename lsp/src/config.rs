//! Settings read from the client's `workspace/configuration`, section `firn`:
//!
//! ```json
//! { "formatting": { "width": 100, "indent": 2 },
//!   "diagnostics": { "unused-binding": "off", "bool-comparison": "warning" } }
//! ```
//!
//! Anything missing or of the wrong type keeps the default (nixfmt's layout, each
//! diagnostic's own level), so a partial or mistyped configuration never stops the server.

use analysis::{DiagnosticsConfig, FormatOptions};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub format: FormatOptions,
    /// Levels per diagnostic code (`error`, `warning`, `hint`, `off`), as `firn check --set`.
    pub diagnostics: DiagnosticsConfig,
}

impl Settings {
    pub fn from_json(value: &Value) -> Settings {
        let mut settings = Settings::default();
        let formatting = &value["formatting"];
        let number = |key: &str| {
            formatting[key]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
        };
        if let Some(width) = number("width").filter(|w| *w > 0) {
            settings.format.width = width;
        }
        if let Some(indent) = number("indent").filter(|i| (1..=16).contains(i)) {
            settings.format.indent = indent;
        }
        if let Some(strict) = formatting["strict"].as_bool() {
            settings.format.strict = strict;
        }
        if let Some(levels) = value["diagnostics"].as_object() {
            for (code, level) in levels {
                if let Some(level) = level.as_str() {
                    // An unknown code or level is skipped, the others still apply.
                    let _ = settings.diagnostics.set(&format!("{code}={level}"));
                }
            }
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_is_given_and_keeps_defaults_otherwise() {
        let s = Settings::from_json(&json!({ "formatting": { "width": 80, "indent": "four" } }));
        assert_eq!(s.format.width, 80);
        assert_eq!(s.format.indent, FormatOptions::default().indent);
        assert_eq!(Settings::from_json(&Value::Null), Settings::default());
    }

    #[test]
    fn diagnostic_levels_by_code() {
        let s = Settings::from_json(&json!({ "diagnostics": {
            "unused-binding": "off", "bool-comparison": "warning", "no-such-code": "off",
            "undefined-variable": "loud" } }));
        let mut expected = DiagnosticsConfig::default();
        expected.set("unused-binding=off").unwrap();
        expected.set("bool-comparison=warning").unwrap();
        assert_eq!(s.diagnostics, expected);
    }
}
