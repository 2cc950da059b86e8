//! Settings read from the client's `workspace/configuration`, section `firn`:
//!
//! ```json
//! { "formatting": { "width": 100, "indent": 2 },
//!   "diagnostics": { "unused-binding": "off", "bool-comparison": "warning" },
//!   "options": "(builtins.getFlake (toString ./.)).nixosConfigurations.host" }
//! ```
//!
//! `options` names the module system of modules by hand, where discovery is wrong: one
//! expression for every module, or `{ "<glob>": "<expression>" }` (globs relative to the
//! workspace root).
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
    /// `firn.options`: (path glob, expression) pairs; a single expression is `**`'s.
    pub options: Vec<(String, String)>,
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
        match &value["options"] {
            Value::String(expr) if !expr.trim().is_empty() => {
                settings.options.push(("**".into(), expr.clone()));
            }
            Value::Object(rules) => {
                for (pattern, expr) in rules {
                    if let Some(expr) = expr.as_str().filter(|e| !e.trim().is_empty()) {
                        settings.options.push((pattern.clone(), expr.to_string()));
                    }
                }
            }
            _ => {}
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

    #[test]
    fn option_systems_by_hand() {
        let one = Settings::from_json(&json!({ "options": "import ./options.nix" }));
        assert_eq!(one.options, [("**".into(), "import ./options.nix".into())]);
        let by_path = Settings::from_json(&json!({ "options": {
            "hosts/**": "nixos", "home/*.nix": "hm", "broken": 3 } }));
        assert_eq!(
            by_path.options,
            [
                ("home/*.nix".into(), "hm".into()),
                ("hosts/**".into(), "nixos".into())
            ]
        );
    }
}
