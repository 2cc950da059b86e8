//! Every token and node kind of the Nix concrete syntax tree.

/// Kinds of tokens (leaves) and nodes of the CST. Tokens come first; `is_token` relies on
/// the order.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
pub enum SyntaxKind {
    // Trivia.
    WHITESPACE = 0,
    /// `# …` or `/* … */`.
    COMMENT,
    /// RFC 145 doc comment `/** … */`.
    DOC_COMMENT,
    /// A byte sequence the lexer could not make sense of.
    ERROR_TOKEN,

    // Keywords.
    ASSERT_KW,
    ELSE_KW,
    IF_KW,
    IN_KW,
    INHERIT_KW,
    LET_KW,
    OR_KW,
    REC_KW,
    THEN_KW,
    WITH_KW,

    // Punctuation.
    L_CURLY,
    R_CURLY,
    L_BRACK,
    R_BRACK,
    L_PAREN,
    R_PAREN,
    SEMICOLON,
    COLON,
    COMMA,
    DOT,
    ELLIPSIS,
    EQ,
    AT,
    QUESTION,
    /// `${` opening an interpolation or a dynamic attribute name.
    DOLLAR_CURLY,
    /// `"` opening or closing a string.
    DQUOTE,
    /// `''` opening or closing an indented string.
    QUOTE2,

    // Operators.
    CONCAT,
    UPDATE,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    EQ_EQ,
    NOT_EQ,
    LESS,
    LESS_EQ,
    MORE,
    MORE_EQ,
    AND_AND,
    OR_OR,
    IMPLICATION,
    BANG,
    PIPE_RIGHT,
    PIPE_LEFT,

    // Literals and names.
    IDENT,
    INTEGER,
    FLOAT,
    URI,
    /// `<nixpkgs/lib>`.
    SEARCH_PATH,
    /// First segment of an absolute path: `/nix/store`.
    PATH_ABS,
    /// First segment of a relative path: `./foo`, `foo/bar`.
    PATH_REL,
    /// First segment of a home path: `~/foo`.
    PATH_HOME,
    /// Literal text of a path after an interpolation: `/bar` in `./foo${x}/bar`.
    PATH_CONTENT,
    /// Literal text inside a string, escapes included verbatim.
    STRING_CONTENT,
    /// An escape inside an indented string (`''$`, `'''`, `''\n`) or a lone `$` / `'` that Nix
    /// lexes apart from the surrounding text (it ends leading indentation).
    STRING_ESCAPE,
    /// End of input: returned by the parser's lookahead, never stored in a tree.
    EOF,

    // Nodes.
    ROOT,
    /// Tokens the parser could not place, wrapped so the tree stays lossless.
    ERROR,
    APPLY,
    ASSERT,
    ATTR_SET,
    ATTRPATH,
    /// `attrpath = value;`
    ATTRPATH_VALUE,
    BIN_OP,
    /// `${expr}` used as an attribute name.
    DYNAMIC,
    HAS_ATTR,
    IDENT_NODE,
    IF_ELSE,
    INHERIT,
    /// `(expr)` of `inherit (expr) …`.
    INHERIT_FROM,
    /// `${expr}` inside a string or a path.
    INTERPOLATION,
    LAMBDA,
    /// The parameter of a lambda: a bare name, or a pattern.
    IDENT_PARAM,
    LEGACY_LET,
    LET_IN,
    LIST,
    LITERAL,
    PAREN,
    PATH,
    /// `{ a, b ? 1, ... }` formals, with an optional `name @` binding.
    PATTERN,
    /// `name @` or `@ name` of a pattern.
    PAT_BIND,
    /// One formal of a pattern: `a` or `b ? default`.
    PAT_ENTRY,
    SELECT,
    /// `"…"` or `''…''`.
    STRING,
    UNARY_OP,
    WITH,

    #[doc(hidden)]
    __LAST,
}

use SyntaxKind::*;

impl SyntaxKind {
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | COMMENT | DOC_COMMENT)
    }

    pub fn is_token(self) -> bool {
        self < ROOT
    }

    pub fn is_keyword(self) -> bool {
        (ASSERT_KW as u16..=WITH_KW as u16).contains(&(self as u16))
    }

    /// A human description used in error messages ("expected `;`").
    pub fn describe(self) -> &'static str {
        match self {
            WHITESPACE => "whitespace",
            COMMENT | DOC_COMMENT => "comment",
            ERROR_TOKEN => "invalid token",
            ASSERT_KW => "`assert`",
            ELSE_KW => "`else`",
            IF_KW => "`if`",
            IN_KW => "`in`",
            INHERIT_KW => "`inherit`",
            LET_KW => "`let`",
            OR_KW => "`or`",
            REC_KW => "`rec`",
            THEN_KW => "`then`",
            WITH_KW => "`with`",
            L_CURLY => "`{`",
            R_CURLY => "`}`",
            L_BRACK => "`[`",
            R_BRACK => "`]`",
            L_PAREN => "`(`",
            R_PAREN => "`)`",
            SEMICOLON => "`;`",
            COLON => "`:`",
            COMMA => "`,`",
            DOT => "`.`",
            ELLIPSIS => "`...`",
            EQ => "`=`",
            AT => "`@`",
            QUESTION => "`?`",
            DOLLAR_CURLY => "`${`",
            DQUOTE => "`\"`",
            QUOTE2 => "`''`",
            CONCAT => "`++`",
            UPDATE => "`//`",
            PLUS => "`+`",
            MINUS => "`-`",
            STAR => "`*`",
            SLASH => "`/`",
            EQ_EQ => "`==`",
            NOT_EQ => "`!=`",
            LESS => "`<`",
            LESS_EQ => "`<=`",
            MORE => "`>`",
            MORE_EQ => "`>=`",
            AND_AND => "`&&`",
            OR_OR => "`||`",
            IMPLICATION => "`->`",
            BANG => "`!`",
            PIPE_RIGHT => "`|>`",
            PIPE_LEFT => "`<|`",
            IDENT => "identifier",
            INTEGER => "integer",
            FLOAT => "float",
            URI => "URI",
            SEARCH_PATH => "search path",
            PATH_ABS | PATH_REL | PATH_HOME | PATH_CONTENT => "path",
            STRING_CONTENT | STRING_ESCAPE => "string",
            EOF => "end of file",
            _ => "syntax node",
        }
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        rowan::SyntaxKind(kind as u16)
    }
}

/// The rowan language tag of Nix trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NixLanguage {}

impl rowan::Language for NixLanguage {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        assert!(raw.0 < __LAST as u16, "invalid syntax kind {}", raw.0);
        // SAFETY: `SyntaxKind` is `repr(u16)` and `raw.0` is below `__LAST`, so it names a variant.
        unsafe { std::mem::transmute::<u16, SyntaxKind>(raw.0) }
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

pub type SyntaxNode = rowan::SyntaxNode<NixLanguage>;
pub type SyntaxToken = rowan::SyntaxToken<NixLanguage>;
pub type SyntaxElement = rowan::SyntaxElement<NixLanguage>;
pub type SyntaxNodeChildren = rowan::SyntaxNodeChildren<NixLanguage>;
