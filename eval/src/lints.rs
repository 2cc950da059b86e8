//! CppNix's literal lints (`lint-short-path-literals`, `lint-absolute-path-literals`,
//! `lint-url-literals`): each ignored, warned about, or a parse error. Nix checks them
//! while parsing (src/libexpr/parser.y), so they apply to every file read, imports included.

use std::str::FromStr;

/// What a lint does when it fires (Nix's `Diagnose` setting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LintLevel {
    #[default]
    Ignore,
    Warn,
    Fatal,
}

impl FromStr for LintLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "ignore" => Ok(LintLevel::Ignore),
            "warn" => Ok(LintLevel::Warn),
            "fatal" => Ok(LintLevel::Fatal),
            other => Err(format!(
                "invalid lint level '{other}': expected 'ignore', 'warn' or 'fatal'"
            )),
        }
    }
}

/// The level of each literal lint.
#[derive(Clone, Copy, Debug, Default)]
pub struct LiteralLints {
    /// Relative paths not starting with `.` (`foo/bar` rather than `./foo/bar`).
    pub short_path: LintLevel,
    /// Absolute (`/tmp/x`) and home (`~/x`) path literals.
    pub absolute_path: LintLevel,
    /// Unquoted URLs.
    pub url: LintLevel,
}

/// One lint that fired: its level (never `Ignore`) and message, with the setting's name
/// appended as Nix does.
pub struct LintFinding {
    pub level: LintLevel,
    pub message: String,
}

impl LiteralLints {
    /// The finding for a path literal's first segment, if one of the lints fires.
    pub fn path(&self, literal: &str) -> Option<LintFinding> {
        if literal.starts_with('/') {
            finding(
                self.absolute_path,
                "lint-absolute-path-literals",
                format!(
                    "absolute path literals are not portable. Consider replacing path literal '{literal}' by a string, relative path, or parameter"
                ),
            )
        } else if literal.starts_with('~') {
            finding(
                self.absolute_path,
                "lint-absolute-path-literals",
                format!(
                    "home path literals are not portable. Consider replacing path literal '{literal}' by a string, relative path, or parameter"
                ),
            )
        } else if !literal.starts_with('.') {
            finding(
                self.short_path,
                "lint-short-path-literals",
                format!(
                    "relative path literal '{literal}' should be prefixed with '.' for clarity: './{literal}'"
                ),
            )
        } else {
            None
        }
    }

    /// The finding for an unquoted URL, if the lint is on.
    pub fn url(&self, literal: &str) -> Option<LintFinding> {
        let verb = if self.url == LintLevel::Fatal {
            "disallowed"
        } else {
            "discouraged"
        };
        finding(
            self.url,
            "lint-url-literals",
            format!(
                "URL literals are {verb}. Consider using a string literal \"{literal}\" instead"
            ),
        )
    }
}

fn finding(level: LintLevel, setting: &str, message: String) -> Option<LintFinding> {
    (level != LintLevel::Ignore).then(|| LintFinding {
        level,
        message: format!("{message} ({setting})"),
    })
}
