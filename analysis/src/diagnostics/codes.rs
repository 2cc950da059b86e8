//! The diagnostic codes. Their strings are stable: configuration and suppression comments
//! name them.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// A style hint.
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $doc:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DiagnosticCode {
            $(#[doc = $doc] $variant,)*
        }

        impl DiagnosticCode {
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $name,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(DiagnosticCode::$variant => Severity::$severity,)*
                }
            }

            pub fn description(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $doc,)*
                }
            }

            pub fn parse(s: &str) -> Option<DiagnosticCode> {
                match s {
                    $($name => Some(DiagnosticCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax-error", Error, "The text is not valid Nix syntax.";
    UndefinedVariable = "undefined-variable", Error, "A variable is not defined in any enclosing scope.";
    DuplicateAttribute = "duplicate-attribute", Error, "An attribute is defined twice (after Nix's merge rules).";
    DuplicateFormal = "duplicate-formal", Error, "A lambda pattern names an argument twice.";
    DynamicAttribute = "dynamic-attribute", Error, "A dynamic attribute where Nix wants a static name (`let`, `inherit`).";
    InvalidLiteral = "invalid-literal", Error, "A number out of range.";
    NulInString = "nul-in-string", Error, "A string holds a NUL byte.";
    FlakeInputNotLocked = "flake-input-not-locked", Warning, "A flake input is missing from `flake.lock` (or there is no lock).";
    FlakeLockStale = "flake-lock-stale", Warning, "`flake.lock` pins an input from another reference than `flake.nix` gives, or has an input `flake.nix` no longer declares.";
    FlakeBadFollows = "flake-bad-follows", Error, "A `follows` names an input that does not exist.";
    FlakeRefInvalid = "flake-ref-invalid", Error, "A flake input's `url` is not a flake reference.";
    OptionUnknown = "option-unknown", Warning, "A module sets an option its configuration does not have.";
    OptionType = "option-type", Warning, "A module sets an option to a literal value of another type.";
    OptionRenamed = "option-renamed", Warning, "A module sets an option that has been renamed (`mkRenamedOptionModule`).";
    OptionRemoved = "option-removed", Warning, "A module sets an option that has been removed (`mkRemovedOptionModule`).";
    UnusedBinding = "unused-binding", Warning, "A `let` binding is never used (or only by itself).";
    UnusedFormal = "unused-formal", Warning, "A formal of a lambda pattern is never used.";
    UnusedParam = "unused-param", Warning, "A lambda parameter is never used.";
    UnusedPatternBind = "unused-pattern-bind", Warning, "The `name@` of a pattern is never used.";
    UnusedRec = "unused-rec", Warning, "A `rec` set never refers to its own attributes.";
    UnusedWith = "unused-with", Warning, "No variable is looked up in a `with`'s namespace.";
    EmptyLet = "empty-let", Warning, "A `let` with no bindings.";
    EmptyInherit = "empty-inherit", Warning, "An `inherit` with no names.";
    DeprecatedLetAttrset = "deprecated-let-attrset", Warning, "Legacy `let { … body = …; }` syntax.";
    DeprecatedUriLiteral = "deprecated-uri-literal", Warning, "An unquoted URI literal.";
    DeprecatedToPath = "deprecated-to-path", Warning, "`builtins.toPath` is deprecated.";
    BoolComparison = "bool-comparison", Hint, "Comparing with `true` or `false`.";
    BoolSimplification = "bool-simplification", Hint, "`!(a == b)` is `a != b`.";
    ManualInherit = "manual-inherit", Hint, "`a = a;` is `inherit a;`.";
    ManualInheritFrom = "manual-inherit-from", Hint, "`a = x.a;` is `inherit (x) a;`.";
    EtaReduction = "eta-reduction", Hint, "`x: f x` is `f`.";
    UselessParens = "useless-parens", Hint, "Parentheses that change nothing.";
    EmptyPattern = "empty-pattern", Hint, "`{ ... }: e` is `_: e`.";
    RedundantPatternBind = "redundant-pattern-bind", Hint, "`{ ... }@x: e` is `x: e`.";
    EmptyListConcat = "empty-list-concat", Hint, "Concatenating with `[ ]`.";
    UselessHasAttr = "useless-has-attr", Hint, "`if x ? a then x.a else d` is `x.a or d`.";
    CollapsibleLetIn = "collapsible-let-in", Hint, "`let … in let … in e` can be one `let`.";
    RepeatedKeys = "repeated-keys", Hint, "`a.b = …; a.c = …; a.d = …;` can be a nested set.";
}
