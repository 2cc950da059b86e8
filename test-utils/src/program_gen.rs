//! Random closed Nix programs for the differential tester (`tests/tests/eval_differential.rs`,
//! `scripts/differential`): typed, so that most of them evaluate; kept as trees, so that a
//! program Nix and firn disagree on can be minimised. Covers numbers and their printing,
//! strings with escapes, indented strings and interpolation, lists, sets, `rec`, `let`,
//! `with`, `inherit`, functions with formals and defaults, the operators, many builtins,
//! regexes with empty matches and alternations, and laziness under `tryEval`.
//!
//! Strings hold non-ASCII text that builtins cut inside a character (CppNix's strings are
//! bytes), and programs share values in every way CppNix can tell (aliases, `«repeated»`
//! after `//`, `if`, selections, calls and `tryEval`, short and long lists, functions
//! compared by identity).
//!
//! Left out by rule, with the rule's source: floats inside `toJSON` (Nix 2.8 wrote whole
//! floats as `1`; current CppNix writes `1.0`, see the known differences of
//! `eval_differential.rs`), and integer overflow (Nix 2.8 wrapped; current CppNix throws:
//! `src/libexpr/primops.cc` and `eval.cc` check with `__builtin_*_overflow`).

use crate::random::{Rng, nix_string};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ty {
    Int,
    Float,
    Bool,
    Str,
    List,
    Attrs,
    Any,
}

const TYPES: [Ty; 6] = [Ty::Int, Ty::Float, Ty::Bool, Ty::Str, Ty::List, Ty::Attrs];

/// A program as a tree: text with holes, each hole an expression of a type.
#[derive(Clone, Debug)]
pub struct Expr {
    pub ty: Ty,
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Hole(Expr),
}

impl Expr {
    fn text(ty: Ty, text: impl Into<String>) -> Expr {
        Expr {
            ty,
            parts: vec![Part::Text(text.into())],
        }
    }

    /// The program's text. Depth is bounded by the generator, so recursion is too.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Hole(e) => out.push_str(&e.render()),
            }
        }
        out
    }

    /// The smallest expression of a type.
    pub fn leaf(ty: Ty) -> Expr {
        Expr::text(
            ty,
            match ty {
                Ty::Int => "0",
                Ty::Float => "0.5",
                Ty::Bool => "true",
                Ty::Str => "\"\"",
                Ty::List => "[ ]",
                Ty::Attrs => "{ a = 0; }",
                Ty::Any => "null",
            },
        )
    }

    fn holes(&self) -> impl Iterator<Item = &Expr> {
        self.parts.iter().filter_map(|p| match p {
            Part::Hole(e) => Some(e),
            Part::Text(_) => None,
        })
    }

    /// Smaller programs of the same type, each one step away: a child of this type in
    /// place of this expression, this expression as the type's leaf, or one hole shrunk.
    pub fn shrinks(&self) -> Vec<Expr> {
        let mut out: Vec<Expr> = self
            .holes()
            .filter(|c| c.ty == self.ty || self.ty == Ty::Any)
            .cloned()
            .collect();
        if self.parts.len() > 1 {
            out.push(Expr::leaf(self.ty));
        }
        for (i, part) in self.parts.iter().enumerate() {
            if let Part::Hole(child) = part {
                for smaller in child.shrinks() {
                    let mut copy = self.clone();
                    copy.parts[i] = Part::Hole(smaller);
                    out.push(copy);
                }
            }
        }
        out
    }

    fn size(&self) -> usize {
        1 + self.holes().map(Expr::size).sum::<usize>()
    }
}

pub struct Gen {
    rng: Rng,
}

/// Builds an expression from a template: `{}` marks each hole, filled in order.
fn template(ty: Ty, text: &str, holes: Vec<Expr>) -> Expr {
    let mut parts = Vec::new();
    let mut holes = holes.into_iter();
    let mut pieces = text.split("{}").peekable();
    while let Some(piece) = pieces.next() {
        if !piece.is_empty() {
            parts.push(Part::Text(piece.to_string()));
        }
        if pieces.peek().is_some() {
            parts.push(Part::Hole(holes.next().expect("a hole for each {}")));
        }
    }
    Expr { ty, parts }
}

/// Patterns with empty matches, alternations, classes, groups and anchors.
const REGEXES: &[&str] = &[
    "a*",
    "(a|ab)",
    "b|bc",
    "(x*)",
    "[[:alpha:]]+",
    "([a-c])([0-9]?)",
    "",
    "^a",
    "c$",
    "(a)|(b)",
    "[^a]",
    "a{1,2}",
    ".",
    "(ab)*",
    "x|",
    "[.]",
];

/// TOML documents for `fromTOML`: tables, arrays, inline tables, strings, numbers, dates
/// are left out (Nix 2.8 gave them as strings only with an experimental feature), and some
/// that are not TOML.
const TOML: &[&str] = &[
    "a = 1",
    "a = -0x10",
    "a = 1.5e3",
    "a = true\nb = \"x\\ty\"",
    "[t]\nx = 'lit'\n[t.u]\ny = [1, 2]",
    "a = { b = 1, c = \"d\" }",
    "[[arr]]\nx = 1\n[[arr]]\nx = 2",
    "s = \"\"\"\nmulti\nline\"\"\"",
    "\"quoted key\" = 1\nbare-key_2 = 2",
    "a.b.c = 1",
    "a = 1_000",
    "a = inf",
    "a =",
    "a = 1\na = 2",
    "",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
        }
    }

    /// A program of any type, at most `depth` deep.
    pub fn program(&mut self, depth: u32) -> Expr {
        let ty = *self.rng.pick(&TYPES);
        self.expr(ty, depth)
    }

    fn any(&mut self, depth: u32) -> Expr {
        let ty = *self.rng.pick(&TYPES);
        self.expr(ty, depth)
    }

    fn small_int(&mut self) -> Expr {
        Expr::text(Ty::Int, format!("{}", self.rng.below(7)))
    }

    fn string_literal(&mut self) -> String {
        let mut alphabet = vec!["a", "b", "c", "x", "0", "9", " ", "-", "_", "."];
        alphabet.extend(["\\n", "\\t", "\\\"", "\\\\", "\\$", "$$"]);
        alphabet.extend(["é", "ß", "日", "😀"]);
        let len = self.rng.below(6);
        let body: String = (0..len).map(|_| *self.rng.pick(&alphabet)).collect();
        format!("\"{body}\"")
    }

    fn indented_literal(&mut self) -> String {
        let pieces = ["ab", "  x", "''$", "'''", "y\n", "\n  z", "$$"];
        let len = 1 + self.rng.below(3);
        let body: String = (0..len).map(|_| *self.rng.pick(&pieces)).collect();
        format!("''\n  {body}\n''")
    }

    fn list_of(&mut self, ty: Ty, depth: u32) -> Expr {
        let n = self.rng.below(4);
        let items: Vec<Expr> = (0..n).map(|_| self.expr(ty, depth)).collect();
        let text = format!("[ {}]", "{} ".repeat(n));
        template(Ty::List, &text, items)
    }

    pub fn expr(&mut self, ty: Ty, depth: u32) -> Expr {
        if depth == 0 {
            return self.leaf_of(ty);
        }
        let d = depth - 1;
        let e = |g: &mut Gen, ty: Ty| g.expr(ty, d);
        if self.rng.chance(30)
            && let Some(extra) = self.more_builtins(ty, d)
        {
            return extra;
        }
        match ty {
            Ty::Int => match self.rng.below(14) {
                0 => template(ty, "({} + {})", vec![e(self, Ty::Int), e(self, Ty::Int)]),
                1 => template(ty, "({} - {})", vec![e(self, Ty::Int), e(self, Ty::Int)]),
                2 => template(ty, "({} * {})", vec![e(self, Ty::Int), self.small_int()]),
                3 => template(ty, "({} / 3)", vec![e(self, Ty::Int)]),
                4 => template(ty, "(builtins.length {})", vec![e(self, Ty::List)]),
                5 => template(
                    ty,
                    "(if {} then {} else {})",
                    vec![e(self, Ty::Bool), e(self, Ty::Int), e(self, Ty::Int)],
                ),
                6 => template(
                    ty,
                    "(let x = {}; y = x + 1; in x * y)",
                    vec![e(self, Ty::Int)],
                ),
                7 => template(
                    ty,
                    "(builtins.foldl' (acc: v: acc + v) {} {})",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                8 => template(
                    ty,
                    "(({ a, b ? {} }: a - b) { a = {}; })",
                    vec![e(self, Ty::Int), e(self, Ty::Int)],
                ),
                9 => template(ty, "(builtins.stringLength {})", vec![e(self, Ty::Str)]),
                10 => template(
                    ty,
                    "({}.a or {})",
                    vec![e(self, Ty::Attrs), e(self, Ty::Int)],
                ),
                11 => template(
                    ty,
                    "(builtins.bitXor {} (builtins.bitAnd {} 12))",
                    vec![e(self, Ty::Int), e(self, Ty::Int)],
                ),
                12 => template(ty, "(builtins.floor {})", vec![e(self, Ty::Float)]),
                _ => template(
                    ty,
                    "(builtins.compareVersions {} {})",
                    vec![e(self, Ty::Str), e(self, Ty::Str)],
                ),
            },
            Ty::Float => match self.rng.below(5) {
                0 => template(
                    ty,
                    "({} + {})",
                    vec![e(self, Ty::Float), e(self, Ty::Float)],
                ),
                1 => template(ty, "({} * {})", vec![e(self, Ty::Int), e(self, Ty::Float)]),
                2 => template(ty, "({} / 4.0)", vec![e(self, Ty::Float)]),
                3 => template(ty, "(0.0 - {})", vec![e(self, Ty::Float)]),
                _ => self.leaf_of(ty),
            },
            Ty::Bool => match self.rng.below(11) {
                0 => template(ty, "({} < {})", vec![e(self, Ty::Int), e(self, Ty::Int)]),
                1 => template(ty, "({} == {})", vec![e(self, Ty::Str), e(self, Ty::Str)]),
                2 => template(ty, "({} && {})", vec![e(self, Ty::Bool), e(self, Ty::Bool)]),
                3 => template(
                    ty,
                    "({} || !{})",
                    vec![e(self, Ty::Bool), e(self, Ty::Bool)],
                ),
                4 => template(ty, "({} -> {})", vec![e(self, Ty::Bool), e(self, Ty::Bool)]),
                5 => template(ty, "({} ? b)", vec![e(self, Ty::Attrs)]),
                6 => template(ty, "({} == {})", vec![e(self, Ty::List), e(self, Ty::List)]),
                7 => template(
                    ty,
                    "({} == {})",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                8 => template(
                    ty,
                    "(builtins.elem {} {})",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                9 => template(ty, "(builtins.isString {})", vec![self.any(d)]),
                _ => template(
                    ty,
                    "(builtins.tryEval (throw {})).success",
                    vec![e(self, Ty::Str)],
                ),
            },
            Ty::Str => match self.rng.below(12) {
                0 => template(ty, "({} + {})", vec![e(self, Ty::Str), e(self, Ty::Str)]),
                1 => template(ty, "\"<${{}}>\"", vec![e(self, Ty::Str)]),
                2 => template(ty, "(toString {})", vec![e(self, Ty::Int)]),
                3 => template(ty, "(builtins.toJSON {})", vec![self.json_safe(d)]),
                4 => template(
                    ty,
                    "(builtins.concatStringsSep {} [ {} {} ])",
                    vec![e(self, Ty::Str), e(self, Ty::Str), e(self, Ty::Str)],
                ),
                5 => template(
                    ty,
                    "(builtins.substring {} {} {})",
                    vec![self.small_int(), self.small_int(), e(self, Ty::Str)],
                ),
                6 => template(
                    ty,
                    "(builtins.replaceStrings [ \"a\" \"\" ] [ {} \"-\" ] {})",
                    vec![e(self, Ty::Str), e(self, Ty::Str)],
                ),
                7 => template(ty, "(builtins.typeOf {})", vec![self.any(d)]),
                8 => Expr::text(ty, self.indented_literal()),
                9 => template(
                    ty,
                    "(builtins.concatStringsSep \"|\" (builtins.filter builtins.isString (builtins.split {} {})))",
                    vec![self.regex(), e(self, Ty::Str)],
                ),
                10 => template(ty, "(with {}; toString a)", vec![e(self, Ty::Attrs)]),
                _ => template(ty, "''${{}}x''", vec![e(self, Ty::Str)]),
            },
            Ty::List => match self.rng.below(9) {
                0 => {
                    let ty = *self.rng.pick(&TYPES);
                    self.list_of(ty, d)
                }
                1 => template(ty, "({} ++ {})", vec![e(self, Ty::List), e(self, Ty::List)]),
                2 => template(ty, "(map (v: [ v ]) {})", vec![e(self, Ty::List)]),
                3 => template(
                    ty,
                    "(builtins.sort builtins.lessThan {})",
                    vec![self.list_of(Ty::Int, d)],
                ),
                4 => template(ty, "(builtins.attrNames {})", vec![e(self, Ty::Attrs)]),
                5 => template(
                    ty,
                    "(builtins.genList (i: i * {}) {})",
                    vec![e(self, Ty::Int), self.small_int()],
                ),
                6 => template(
                    ty,
                    "(builtins.split {} {})",
                    vec![self.regex(), e(self, Ty::Str)],
                ),
                7 => template(
                    ty,
                    "(builtins.filter (v: v != {}) {})",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                _ => template(
                    ty,
                    "(let m = builtins.match {} {}; in if m == null then [ ] else m)",
                    vec![self.regex(), e(self, Ty::Str)],
                ),
            },
            Ty::Attrs => match self.rng.below(9) {
                0 => template(ty, "{ a = {}; b = {}; }", vec![self.any(d), self.any(d)]),
                1 => template(ty, "(rec { a = {}; c = [ a a ]; })", vec![e(self, Ty::Int)]),
                2 => template(
                    ty,
                    "({} // {})",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                3 => template(
                    ty,
                    "(builtins.mapAttrs (n: v: n) {})",
                    vec![e(self, Ty::Attrs)],
                ),
                4 => template(
                    ty,
                    "(let s = {}; in { inherit (s) a; z = {}; })",
                    vec![e(self, Ty::Attrs), self.any(d)],
                ),
                5 => template(
                    ty,
                    "(builtins.listToAttrs [ { name = \"a\"; value = {}; } ])",
                    vec![self.any(d)],
                ),
                6 => template(ty, "(builtins.tryEval {} // { a = 1; })", vec![self.any(d)]),
                7 => self.sharing(d),
                _ => template(ty, "{ a = {}; }", vec![self.any(d)]),
            },
            Ty::Any => self.any(depth),
        }
    }

    /// A set whose parts share values, each in a way CppNix can tell apart from a copy.
    fn sharing(&mut self, d: u32) -> Expr {
        let ty = Ty::Attrs;
        let e = |g: &mut Gen, ty: Ty| g.expr(ty, d);
        match self.rng.below(7) {
            0 => template(
                ty,
                "(let f = x: x; g = f; s = {}; t = s; in { a = [ f g ]; b = [ s t ]; c = [ f ] == [ g ]; })",
                vec![e(self, Ty::Attrs)],
            ),
            1 => template(
                ty,
                "(let l = {}; in { a = l; b = l ++ [ ]; c = [ ] ++ l; d = builtins.filter (x: true) l; e = [ l l ]; })",
                vec![e(self, Ty::List)],
            ),
            2 => template(
                ty,
                "(let s = {}; in { a = s; b = s // { }; c = if true then s else s; d = (builtins.tryEval s).value; e = (x: x) s; f = { inherit s; }.s; g = { } // s; })",
                vec![e(self, Ty::Attrs)],
            ),
            3 => template(
                ty,
                "(let f = x: x; l = {}; in { a = builtins.elem f [ l f ]; b = [ f ] == [ (if true then f else f) ]; c = builtins.elem f (builtins.attrValues { inherit f; }); d = builtins.elem f (map (x: x) [ f ]); })",
                vec![e(self, Ty::List)],
            ),
            4 => template(
                ty,
                "(rec { a = {}; b = a; c = [ a b ]; })",
                vec![e(self, Ty::List)],
            ),
            5 => template(
                ty,
                "(let s = { a = {}; }; in { x = [ s.a s.a (builtins.attrValues s) s ]; })",
                vec![e(self, Ty::List)],
            ),
            _ => template(
                ty,
                "(({ a, b ? a }: { x = [ a b ]; y = [ a ] == [ b ]; }) { a = {}; })",
                vec![self.any(d)],
            ),
        }
    }

    /// More of the builtins, by the type they give.
    fn more_builtins(&mut self, ty: Ty, d: u32) -> Option<Expr> {
        let e = |g: &mut Gen, ty: Ty| g.expr(ty, d);
        let closure = "(builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < {} then [ { key = x.key + 1; } ] else [ ]; })";
        Some(match ty {
            Ty::Int => match self.rng.below(11) {
                5 => template(
                    ty,
                    "(builtins.elemAt ([ {} ] ++ {}) 0)",
                    vec![e(self, Ty::Int), e(self, Ty::List)],
                ),
                6 => template(
                    ty,
                    "(builtins.foldl' (a: b: a + b) {} {})",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                7 => {
                    let op = *self
                        .rng
                        .pick(&["bitOr", "mul", "sub", "div", "add", "bitAnd"]);
                    template(
                        ty,
                        &format!("(builtins.{op} {{}} {{}})"),
                        vec![e(self, Ty::Int), e(self, Ty::Int)],
                    )
                }
                8 => template(ty, "(builtins.ceil {})", vec![e(self, Ty::Float)]),
                9 => template(
                    ty,
                    "(builtins.seq {} (builtins.deepSeq {} {}))",
                    vec![self.any(d), self.any(d), e(self, Ty::Int)],
                ),
                10 => template(
                    ty,
                    "(builtins.getAttr \"a\" ({ a = {}; } // {}))",
                    vec![e(self, Ty::Int), e(self, Ty::Attrs)],
                ),
                0 => template(
                    ty,
                    "(builtins.length (builtins.attrValues {}))",
                    vec![e(self, Ty::Attrs)],
                ),
                1 => template(
                    ty,
                    "(builtins.head (builtins.sort builtins.lessThan ({} ++ [ 0 ])))",
                    vec![self.list_of(Ty::Int, d)],
                ),
                2 => template(
                    ty,
                    &format!("(builtins.length {closure})"),
                    vec![self.small_int()],
                ),
                3 => template(
                    ty,
                    "(builtins.fromJSON (builtins.toJSON {}))",
                    vec![e(self, Ty::Int)],
                ),
                _ => template(
                    ty,
                    "(builtins.length (builtins.concatMap (v: [ v v ]) {}))",
                    vec![e(self, Ty::List)],
                ),
            },
            Ty::Str => match self.rng.below(10) {
                6 => template(
                    ty,
                    "(builtins.unsafeDiscardStringContext {})",
                    vec![e(self, Ty::Str)],
                ),
                7 => template(ty, "(builtins.placeholder {})", vec![e(self, Ty::Str)]),
                8 => template(
                    ty,
                    "(builtins.addErrorContext \"while testing\" {})",
                    vec![e(self, Ty::Str)],
                ),
                9 => template(ty, "(builtins.toPath (\"/\" + {}))", vec![e(self, Ty::Str)]),
                0 => template(
                    ty,
                    "(builtins.hashString \"sha256\" {})",
                    vec![e(self, Ty::Str)],
                ),
                1 => template(ty, "(builtins.toXML {})", vec![self.json_safe(d)]),
                2 => template(ty, "(toString {})", vec![self.list_of(Ty::Int, d)]),
                3 => template(ty, "(builtins.baseNameOf {})", vec![e(self, Ty::Str)]),
                4 => template(ty, "(builtins.dirOf {})", vec![e(self, Ty::Str)]),
                _ => template(
                    ty,
                    "(builtins.concatStringsSep \",\" (builtins.attrNames (builtins.groupBy toString {})))",
                    vec![self.list_of(Ty::Int, d)],
                ),
            },
            Ty::Bool => match self.rng.below(6) {
                4 => {
                    let is = *self.rng.pick(&[
                        "isAttrs",
                        "isBool",
                        "isFloat",
                        "isFunction",
                        "isList",
                        "isNull",
                        "isPath",
                        "isString",
                        "isInt",
                    ]);
                    template(ty, &format!("(builtins.{is} {{}})"), vec![self.any(d)])
                }
                5 => template(ty, "(builtins.hasContext {})", vec![e(self, Ty::Str)]),
                0 => template(
                    ty,
                    "(builtins.all (v: v > {}) {})",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                1 => template(
                    ty,
                    "(builtins.any builtins.isInt {})",
                    vec![e(self, Ty::List)],
                ),
                2 => template(
                    ty,
                    "(builtins.hasAttr \"a\" (builtins.intersectAttrs {} {}))",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                _ => template(
                    ty,
                    "(builtins.lessThan {} {})",
                    vec![e(self, Ty::Str), e(self, Ty::Str)],
                ),
            },
            Ty::List => match self.rng.below(8) {
                6 => template(
                    ty,
                    "(builtins.concatLists [ {} {} ])",
                    vec![e(self, Ty::List), e(self, Ty::List)],
                ),
                7 => template(
                    ty,
                    "(builtins.attrNames (builtins.getContext {}))",
                    vec![e(self, Ty::Str)],
                ),
                0 => template(
                    ty,
                    "(builtins.partition (v: v > {}) {}).right",
                    vec![e(self, Ty::Int), self.list_of(Ty::Int, d)],
                ),
                1 => template(
                    ty,
                    "(builtins.attrValues (builtins.zipAttrsWith (n: vs: vs) [ {} {} ]))",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                2 => template(
                    ty,
                    "(builtins.catAttrs \"a\" [ {} {} ])",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                3 => template(ty, "(builtins.splitVersion {})", vec![e(self, Ty::Str)]),
                4 => template(
                    ty,
                    &format!("(map (x: x.key) {closure})"),
                    vec![self.small_int()],
                ),
                _ => template(ty, "(builtins.tail ([ 0 ] ++ {}))", vec![e(self, Ty::List)]),
            },
            Ty::Attrs => match self.rng.below(6) {
                5 => {
                    let toml = *self.rng.pick(TOML);
                    Expr::text(ty, format!("(builtins.fromTOML {})", nix_string(toml)))
                }
                0 => template(
                    ty,
                    "(builtins.intersectAttrs {} {})",
                    vec![e(self, Ty::Attrs), e(self, Ty::Attrs)],
                ),
                1 => template(
                    ty,
                    "(builtins.groupBy toString {})",
                    vec![self.list_of(Ty::Int, d)],
                ),
                2 => template(ty, "(builtins.parseDrvName {})", vec![e(self, Ty::Str)]),
                3 => Expr::text(ty, "(builtins.functionArgs ({ a, b ? 1 }: a))"),
                _ => template(
                    ty,
                    "(builtins.removeAttrs {} [ \"a\" ])",
                    vec![e(self, Ty::Attrs)],
                ),
            },
            _ => return None,
        })
    }

    /// Anything but floats (see the module's rules).
    fn json_safe(&mut self, depth: u32) -> Expr {
        let ty = *self.rng.pick(&[Ty::Int, Ty::Bool, Ty::Str]);
        self.expr(ty, depth.min(2))
    }

    fn regex(&mut self) -> Expr {
        let pattern: &str = self.rng.pick::<&str>(REGEXES);
        Expr::text(Ty::Str, nix_string(pattern))
    }

    fn leaf_of(&mut self, ty: Ty) -> Expr {
        match ty {
            Ty::Int => Expr::text(ty, format!("{}", self.rng.below(200) as i64 - 100)),
            Ty::Float => Expr::text(
                ty,
                *self
                    .rng
                    .pick(&["0.5", "1.0", "2.25", "100.0", "1.0e-3", "3.14159", "1.0e10"]),
            ),
            Ty::Bool => Expr::text(ty, *self.rng.pick(&["true", "false"])),
            Ty::Str => {
                let s = self.string_literal();
                Expr::text(ty, s)
            }
            Ty::List => Expr::text(ty, "[ 1 \"x\" null ]"),
            Ty::Attrs => Expr::text(ty, "{ a = 1; b = \"x\"; }"),
            Ty::Any => Expr::text(ty, "null"),
        }
    }
}

/// Shrinks `program` while `still_differs` holds: the smallest program found, by size.
pub fn minimise(program: &Expr, mut still_differs: impl FnMut(&Expr) -> bool) -> Expr {
    let mut best = program.clone();
    // Each round takes the first smaller program that still differs; sizes only fall.
    'rounds: for _ in 0..200 {
        for candidate in best.shrinks() {
            if candidate.size() < best.size() && still_differs(&candidate) {
                best = candidate;
                continue 'rounds;
            }
        }
        break;
    }
    best
}
