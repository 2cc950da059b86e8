//! Writes a Nix program from a fuzzer's bytes, read as a stream of choices. Most programs
//! are well formed, use a handful of names that bindings and parameters actually bind, and
//! call real builtins, so they get past the parser and the name checks into evaluation and
//! formatting; a few choices break the syntax on purpose.
//!
//! Deep and long constructs (left chains of every operator, application chains, nested
//! brackets, lets, lambdas, `if`s, long attribute paths, many interpolations) are written
//! by loops up to thousands of terms, so the generator itself never recurses deeper than
//! [`MAX_DEPTH`], whatever the input. When the bytes run out every choice is the first
//! one, which ends the program with atoms.

use arbitrary::Unstructured;

/// How deep ordinary (non-repeated) constructs nest.
const MAX_DEPTH: u32 = 8;

/// How many terms a repeated construct may have.
const REPEAT_COUNTS: &[usize] = &[2, 3, 10, 100, 1000, 3000, 6000];

const NAMES: &[&str] = &["x", "y", "f", "a", "b", "s"];

const ATOMS: &[&str] = &[
    "0",
    "1",
    "2",
    "42",
    "9223372036854775807",
    "4611686018427387904",
    "1.5",
    "0.1",
    "1e308",
    ".5",
    "true",
    "false",
    "null",
    "\"\"",
    "\"a\"",
    "\"é\"",
    "\"\\n\\t\\\\\"",
    "\"\\${x}\"",
    "\"🦀\"",
    "''a''",
    "''''$x''",
    "{ }",
    "[ ]",
    "./a",
    "./.",
    "/abs/path",
    "~/home",
    "<nixpkgs>",
    "http://example.org/x?y=1",
    "builtins",
    "builtins.currentSystem",
    "__curPos",
    "(x: x)",
    "({ a ? 1, ... }@s: s)",
    "(throw \"t\")",
    "(abort \"a\")",
    "(derivation { name = \"d\"; system = \"s\"; builder = \"b\"; })",
];

const BINARY: &[&str] = &[
    "+", "-", "*", "/", "++", "//", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "->", "|>", "<|",
];

const BUILTINS: &[(&str, usize)] = &[
    ("map", 2),
    ("filter", 2),
    ("foldl'", 3),
    ("genList", 2),
    ("attrNames", 1),
    ("attrValues", 1),
    ("listToAttrs", 1),
    ("toJSON", 1),
    ("fromJSON", 1),
    ("substring", 3),
    ("stringLength", 1),
    ("replaceStrings", 3),
    ("match", 2),
    ("split", 2),
    ("concatStringsSep", 2),
    ("tryEval", 1),
    ("seq", 2),
    ("deepSeq", 2),
    ("typeOf", 1),
    ("length", 1),
    ("elemAt", 2),
    ("head", 1),
    ("tail", 1),
    ("hasAttr", 2),
    ("getAttr", 2),
    ("removeAttrs", 2),
    ("intersectAttrs", 2),
    ("mapAttrs", 2),
    ("toString", 1),
    ("hashString", 2),
    ("sort", 2),
    ("lessThan", 2),
    ("div", 2),
    ("bitAnd", 2),
    ("functionArgs", 1),
    ("catAttrs", 2),
    ("concatLists", 1),
    ("concatMap", 2),
    ("all", 2),
    ("elem", 2),
    ("partition", 2),
    ("groupBy", 2),
    ("zipAttrsWith", 2),
    ("fromTOML", 1),
    ("toXML", 1),
    ("parseDrvName", 1),
    ("compareVersions", 2),
    ("splitVersion", 1),
    ("baseNameOf", 1),
    ("dirOf", 1),
    ("unsafeGetAttrPos", 2),
    ("addErrorContext", 2),
    ("ceil", 1),
    ("floor", 1),
];

/// Tokens that break the syntax where they land.
const STRAY: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    "=",
    "${",
    "''",
    "\"",
    "inherit",
    "in",
    "let",
    ":",
    ",",
    "...",
    "@",
    "or",
    "?",
    "#",
    "/*",
    "\\",
    "\r\n",
    "\t",
    "é",
    "\u{10348}",
    "$",
    "'",
    "!",
];

pub fn program(data: &[u8]) -> String {
    let mut g = Gen {
        u: Unstructured::new(data),
        out: String::new(),
        depth: 0,
    };
    g.expr();
    g.out
}

struct Gen<'a> {
    u: Unstructured<'a>,
    out: String,
    depth: u32,
}

impl Gen<'_> {
    /// A choice in `0..n`; 0 once the bytes run out.
    fn pick(&mut self, n: usize) -> usize {
        self.u.choose_index(n).unwrap_or(0)
    }

    fn one<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.pick(items.len())]
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn count(&mut self) -> usize {
        let base = REPEAT_COUNTS[self.pick(REPEAT_COUNTS.len())];
        base + self.pick(3)
    }

    fn expr(&mut self) {
        if self.depth >= MAX_DEPTH || self.u.is_empty() {
            return self.atom();
        }
        self.depth += 1;
        match self.pick(20) {
            0 | 1 => self.atom(),
            2 => {
                self.expr();
                let op = self.one(BINARY);
                self.push(&format!(" {op} "));
                self.expr();
            }
            3 => {
                let op = self.one(&["!", "-"]);
                self.push(op);
                self.expr();
            }
            4 => {
                self.push("(");
                self.expr();
                self.push(") ");
                self.atom();
            }
            5 => {
                self.expr();
                self.push(".");
                self.attr_path();
                if self.pick(2) == 1 {
                    self.push(" or ");
                    self.atom();
                }
            }
            6 => {
                self.expr();
                self.push(" ? ");
                self.attr_path();
            }
            7 => {
                self.push("let ");
                self.bindings();
                self.push(" in ");
                self.expr();
            }
            8 => self.attr_set(),
            9 => {
                self.push("[ ");
                for _ in 0..self.pick(4) {
                    self.expr();
                    self.push(" ");
                }
                self.push("]");
            }
            10 => self.lambda(),
            11 => {
                self.push("if ");
                self.expr();
                self.push(" then ");
                self.expr();
                self.push(" else ");
                self.expr();
            }
            12 => {
                let keyword = self.one(&["with ", "assert "]);
                self.push(keyword);
                self.expr();
                self.push("; ");
                self.expr();
            }
            13 => self.string(),
            14 => {
                self.push("./p/${");
                self.expr();
                self.push("}/q");
            }
            15 | 16 => self.repeated(),
            17 => self.builtin_call(),
            18 => {
                self.push("(");
                self.expr();
                self.push(")");
            }
            _ => {
                // Broken syntax, and comments, between two expressions.
                self.expr();
                let stray = if self.pick(2) == 0 {
                    self.one(STRAY)
                } else {
                    self.one(&[" # c\n", " /* c */ ", " /** doc */ "])
                };
                self.push(stray);
                self.expr();
            }
        }
        self.depth -= 1;
    }

    fn atom(&mut self) {
        if self.pick(3) == 0 {
            let name = self.one(NAMES);
            self.push(name);
        } else {
            let atom = self.one(ATOMS);
            self.push(atom);
        }
    }

    fn attr_path(&mut self) {
        for i in 0..=self.pick(3) {
            if i > 0 {
                self.push(".");
            }
            match self.pick(4) {
                0 => self.push("\"q\""),
                1 => {
                    self.push("${");
                    self.atom();
                    self.push("}");
                }
                _ => {
                    let name = self.one(NAMES);
                    self.push(name);
                }
            }
        }
    }

    fn bindings(&mut self) {
        for _ in 0..=self.pick(4) {
            match self.pick(5) {
                0 => {
                    self.push("inherit ");
                    for _ in 0..=self.pick(2) {
                        let name = self.one(NAMES);
                        self.push(&format!("{name} "));
                    }
                    self.push("; ");
                }
                1 => {
                    self.push("inherit (");
                    self.expr();
                    self.push(") ");
                    let name = self.one(NAMES);
                    self.push(&format!("{name}; "));
                }
                _ => {
                    self.attr_path();
                    self.push(" = ");
                    self.expr();
                    self.push("; ");
                }
            }
        }
    }

    fn attr_set(&mut self) {
        if self.pick(3) == 0 {
            self.push("rec ");
        }
        self.push("{ ");
        self.bindings();
        self.push("}");
    }

    fn lambda(&mut self) {
        match self.pick(3) {
            0 => {
                let name = self.one(NAMES);
                self.push(&format!("{name}: "));
            }
            _ => {
                self.push("{ ");
                for _ in 0..self.pick(3) {
                    let name = self.one(NAMES);
                    self.push(name);
                    if self.pick(2) == 1 {
                        self.push(" ? ");
                        self.atom();
                    }
                    self.push(", ");
                }
                if self.pick(2) == 1 {
                    self.push("...");
                }
                self.push(" }");
                if self.pick(2) == 1 {
                    let name = self.one(NAMES);
                    self.push(&format!("@{name}"));
                }
                self.push(": ");
            }
        }
        self.expr();
    }

    fn string(&mut self) {
        let indented = self.pick(2) == 1;
        self.push(if indented { "''\n  " } else { "\"" });
        for _ in 0..=self.pick(3) {
            match self.pick(3) {
                0 => {
                    self.push("${");
                    self.expr();
                    self.push("}");
                }
                1 => self.push(if indented {
                    "''$ ''' ''\\n"
                } else {
                    "\\\" \\$ $$"
                }),
                _ => self.push("text é\n"),
            }
        }
        self.push(if indented { "\n''" } else { "\"" });
    }

    fn builtin_call(&mut self) {
        let (name, arity) = BUILTINS[self.pick(BUILTINS.len())];
        self.push(&format!("(builtins.{name}"));
        for _ in 0..arity {
            self.push(" (");
            self.expr();
            self.push(")");
        }
        self.push(")");
    }

    /// A construct of thousands of terms, written by a loop: left chains, nesting on the
    /// right, long paths.
    fn repeated(&mut self) {
        let n = self.count();
        match self.pick(14) {
            0 => {
                let op = self.one(BINARY);
                self.atom();
                for _ in 1..n {
                    self.push(&format!(" {op} "));
                    self.atom();
                }
            }
            1 => {
                self.push("(x: y: x) ");
                for _ in 0..n {
                    self.atom();
                    self.push(" ");
                }
            }
            2 => self.nested(n, "(", ")"),
            3 => self.nested(n, "[ ", " ]"),
            4 => self.nested(n, "{ a = ", "; }"),
            5 => self.nested(n, "let a = 1; in ", ""),
            6 => self.nested(n, "x: ", ""),
            7 => self.nested(n, "if true then 1 else ", ""),
            8 => self.nested(n, "!", ""),
            9 => self.nested(n, "with { }; ", ""),
            10 => self.nested(n, "\"${", "}\""),
            11 => {
                self.push("{ a");
                for _ in 0..n {
                    self.push(".a");
                }
                self.push(" = 1; }.a");
                for _ in 0..n {
                    self.push(".a");
                }
            }
            12 => {
                self.push("\"");
                for _ in 0..n {
                    self.push("${\"s\"}");
                }
                self.push("\"");
            }
            _ => {
                self.push("[ ");
                for _ in 0..n {
                    self.atom();
                    self.push(" ");
                }
                self.push("]");
            }
        }
    }

    /// `open` n times, an expression, `close` n times.
    fn nested(&mut self, n: usize, open: &str, close: &str) {
        for _ in 0..n {
            self.push(open);
        }
        self.expr();
        for _ in 0..n {
            self.push(close);
        }
    }
}
