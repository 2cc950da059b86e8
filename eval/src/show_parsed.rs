//! `nix-instantiate --parse`: the expression as CppNix's parser builds it, printed by its
//! `Expr::show` (src/libexpr/nixexpr.cc). The tree is first rebuilt with the parser's
//! desugarings (operators as calls of `__sub`, `__lessThan`…, `a.b = …` definitions merged
//! into nested sets, calls flattened, strings split at interpolations), then printed with
//! its conventions (sorted attributes and formals, inherits first, parentheses everywhere).

// CppNix's printIdentifier and printAttributeName agree on every name, so one printer serves.
use crate::print::{format_float, print_attr_name};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use syntax::SyntaxKind;
use syntax::ast::{self, BinaryOp, HasBindings, InterpolPart, LiteralKind, UnaryOpKind};

/// The `--parse` text of a file's tree (without the final newline). `base_dir` anchors
/// relative paths, which CppNix resolves while parsing. The tree must have no syntax errors.
pub fn show_parsed(root: &ast::Root, base_dir: &Path) -> String {
    let builder = Builder { base_dir };
    let expr = builder.expr_opt(root.expr());
    let mut out = String::new();
    expr.show(&mut out);
    out
}

/// CppNix's expression classes, as far as printing distinguishes them.
enum Expr {
    Int(i64),
    Float(f64),
    Str(String),
    Path(String),
    Var(String),
    CurPos,
    Select {
        expr: Box<Expr>,
        path: Vec<Name>,
        default: Option<Box<Expr>>,
    },
    HasAttr(Box<Expr>, Vec<Name>),
    Attrs(Box<Attrs>),
    List(Vec<Expr>),
    Lambda {
        arg: Option<String>,
        formals: Option<Formals>,
        body: Box<Expr>,
    },
    Call(Box<Expr>, Vec<Expr>),
    Let(Box<Attrs>, Box<Expr>),
    With(Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Assert(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Concat(Vec<Expr>),
}

/// One attribute name of a path: static, or `${…}`.
enum Name {
    Static(String),
    Dynamic(Expr),
}

struct Formals {
    entries: Vec<(String, Option<Expr>)>,
    ellipsis: bool,
}

#[derive(Default)]
struct Attrs {
    rec: bool,
    /// Sorted by name, as CppNix prints them.
    defs: BTreeMap<String, Def>,
    dynamic: Vec<(Expr, Expr)>,
    /// The `(e)` of each `inherit (e) …`, in order; `Def::InheritedFrom` indexes it.
    inherit_from: Vec<Expr>,
}

enum Def {
    Plain(Expr),
    Inherited,
    InheritedFrom(usize),
}

struct Builder<'a> {
    base_dir: &'a Path,
}

fn var(name: &str) -> Box<Expr> {
    Box::new(Expr::Var(name.to_string()))
}

/// What stands for a missing expression: only in trees with syntax errors, which callers
/// reject first.
fn missing() -> Expr {
    Expr::Var("«error»".to_string())
}

/// CppNix's `makeCall`: applying a call adds an argument to it.
fn make_call(func: Expr, arg: Expr) -> Expr {
    match func {
        Expr::Call(f, mut args) => {
            args.push(arg);
            Expr::Call(f, args)
        }
        f => Expr::Call(Box::new(f), vec![arg]),
    }
}

impl Builder<'_> {
    fn expr_opt(&self, e: Option<ast::Expr>) -> Expr {
        match e {
            Some(e) => self.expr(&e),
            None => missing(),
        }
    }

    fn boxed(&self, e: Option<ast::Expr>) -> Box<Expr> {
        Box::new(self.expr_opt(e))
    }

    fn expr(&self, e: &ast::Expr) -> Expr {
        syntax::deep::with_stack(|| self.expr_unguarded(e))
    }

    fn expr_unguarded(&self, e: &ast::Expr) -> Expr {
        match e {
            ast::Expr::Paren(p) => self.expr_opt(p.expr()),
            ast::Expr::Literal(l) => self.literal(l),
            ast::Expr::Ident(i) => match i.name().as_deref() {
                Some("__curPos") => Expr::CurPos,
                Some(name) => Expr::Var(name.to_string()),
                None => missing(),
            },
            ast::Expr::Str(s) => self.string(s),
            ast::Expr::Path(p) => self.path(p),
            ast::Expr::List(l) => Expr::List(l.items().map(|i| self.expr(&i)).collect()),
            ast::Expr::Apply(a) => {
                make_call(self.expr_opt(a.lambda()), self.expr_opt(a.argument()))
            }
            ast::Expr::Select(s) => Expr::Select {
                expr: self.boxed(s.expr()),
                path: self.attrpath(s.attrpath()),
                default: s.default_expr().map(|d| Box::new(self.expr(&d))),
            },
            ast::Expr::HasAttr(h) => {
                Expr::HasAttr(self.boxed(h.expr()), self.attrpath(h.attrpath()))
            }
            ast::Expr::AttrSet(s) => {
                let mut attrs = self.bindings(s);
                attrs.rec = s.is_rec();
                Expr::Attrs(Box::new(attrs))
            }
            ast::Expr::LetIn(l) => Expr::Let(Box::new(self.bindings(l)), self.boxed(l.body())),
            // `let { …; body = …; }` is `(rec { … }).body`.
            ast::Expr::LegacyLet(l) => {
                let mut attrs = self.bindings(l);
                attrs.rec = true;
                Expr::Select {
                    expr: Box::new(Expr::Attrs(Box::new(attrs))),
                    path: vec![Name::Static("body".to_string())],
                    default: None,
                }
            }
            ast::Expr::Lambda(l) => self.lambda(l),
            ast::Expr::With(w) => Expr::With(self.boxed(w.namespace()), self.boxed(w.body())),
            ast::Expr::IfElse(i) => Expr::If(
                self.boxed(i.condition()),
                self.boxed(i.then_body()),
                self.boxed(i.else_body()),
            ),
            ast::Expr::Assert(a) => Expr::Assert(self.boxed(a.condition()), self.boxed(a.body())),
            ast::Expr::UnaryOp(u) => {
                let operand = self.expr_opt(u.expr());
                match u.operator() {
                    Some(UnaryOpKind::Negate) => {
                        Expr::Call(var("__sub"), vec![Expr::Int(0), operand])
                    }
                    _ => Expr::Not(Box::new(operand)),
                }
            }
            ast::Expr::BinOp(b) => self.binary(b),
            ast::Expr::Error(_) => missing(),
        }
    }

    fn binary(&self, b: &ast::BinOp) -> Expr {
        let lhs = self.expr_opt(b.lhs());
        let rhs = self.expr_opt(b.rhs());
        let call = |f: &str, x: Expr, y: Expr| Expr::Call(var(f), vec![x, y]);
        let op = |s: &'static str, x: Expr, y: Expr| Expr::Binary(s, Box::new(x), Box::new(y));
        match b.operator() {
            Some(BinaryOp::Add) => Expr::Concat(vec![lhs, rhs]),
            Some(BinaryOp::Sub) => call("__sub", lhs, rhs),
            Some(BinaryOp::Mul) => call("__mul", lhs, rhs),
            Some(BinaryOp::Div) => call("__div", lhs, rhs),
            Some(BinaryOp::Less) => call("__lessThan", lhs, rhs),
            Some(BinaryOp::More) => call("__lessThan", rhs, lhs),
            Some(BinaryOp::LessOrEq) => Expr::Not(Box::new(call("__lessThan", rhs, lhs))),
            Some(BinaryOp::MoreOrEq) => Expr::Not(Box::new(call("__lessThan", lhs, rhs))),
            Some(BinaryOp::Equal) => op("==", lhs, rhs),
            Some(BinaryOp::NotEqual) => op("!=", lhs, rhs),
            Some(BinaryOp::And) => op("&&", lhs, rhs),
            Some(BinaryOp::Or) => op("||", lhs, rhs),
            Some(BinaryOp::Implication) => op("->", lhs, rhs),
            Some(BinaryOp::Concat) => op("++", lhs, rhs),
            Some(BinaryOp::Update) => op("//", lhs, rhs),
            Some(BinaryOp::PipeRight) => make_call(rhs, lhs),
            Some(BinaryOp::PipeLeft) | None => make_call(lhs, rhs),
        }
    }

    fn literal(&self, l: &ast::Literal) -> Expr {
        let text = l.token().map(|t| t.text().to_string()).unwrap_or_default();
        match l.kind() {
            Some(LiteralKind::Integer) => Expr::Int(text.parse().unwrap_or(0)),
            Some(LiteralKind::Float) => Expr::Float(text.parse().unwrap_or(0.0)),
            _ => Expr::Str(text),
        }
    }

    /// A string with no interpolation is one string; otherwise a concatenation of its parts.
    /// An indented string keeps its escapes apart (see `Str::parser_parts`).
    fn string(&self, s: &ast::Str) -> Expr {
        let mut exprs: Vec<Expr> = s
            .parser_parts()
            .into_iter()
            .map(|p| match p {
                InterpolPart::Literal(text) => Expr::Str(text),
                InterpolPart::Interpolation(i) => self.expr_opt(i.expr()),
            })
            .collect();
        match exprs.len() {
            0 => Expr::Str(String::new()),
            1 if matches!(exprs[0], Expr::Str(_)) => exprs.pop().expect("one part"),
            _ => Expr::Concat(exprs),
        }
    }

    fn path(&self, p: &ast::Path) -> Expr {
        if let Some(name) = p.search_path_name() {
            return Expr::Call(
                var("__findFile"),
                vec![Expr::Var("__nixPath".to_string()), Expr::Str(name)],
            );
        }
        let mut parts = Vec::new();
        for (i, part) in p.parts().enumerate() {
            match part {
                syntax::NodeOrToken::Token(t) => {
                    let text = t.text();
                    match t.kind() {
                        // `~/…` is the home directory and the rest, as written.
                        SyntaxKind::PATH_HOME if i == 0 => {
                            let home = std::env::var("HOME").unwrap_or_default();
                            parts.push(Expr::Path(format!("{home}{}", &text[1..])));
                        }
                        SyntaxKind::PATH_ABS | SyntaxKind::PATH_REL if i == 0 => {
                            let path = crate::paths::resolve_literal(text, self.base_dir);
                            parts.push(Expr::Path(path));
                        }
                        _ => parts.push(Expr::Str(text.to_string())),
                    }
                }
                syntax::NodeOrToken::Node(interp) => parts.push(self.expr_opt(interp.expr())),
            }
        }
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Expr::Concat(parts)
        }
    }

    fn attrpath(&self, path: Option<ast::Attrpath>) -> Vec<Name> {
        path.map(|p| p.attrs().map(|a| self.name(&a)).collect())
            .unwrap_or_default()
    }

    fn name(&self, a: &ast::Attr) -> Name {
        if let Some(name) = a.static_name() {
            return Name::Static(name);
        }
        match a {
            ast::Attr::Dynamic(d) => Name::Dynamic(self.expr_opt(d.expr())),
            ast::Attr::Str(s) => Name::Dynamic(self.string(s)),
            ast::Attr::Ident(_) => Name::Static(String::new()),
        }
    }

    fn lambda(&self, l: &ast::Lambda) -> Expr {
        let body = self.boxed(l.body());
        match l.param() {
            Some(ast::Param::IdentParam(p)) => Expr::Lambda {
                arg: p.ident_token().map(|t| t.text().to_string()),
                formals: None,
                body,
            },
            Some(ast::Param::Pattern(p)) => {
                let mut entries: Vec<(String, Option<Expr>)> = p
                    .pat_entries()
                    .map(|e| {
                        let name = e.ident_token().map(|t| t.text().to_string());
                        (name.unwrap_or_default(), e.default().map(|d| self.expr(&d)))
                    })
                    .collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Expr::Lambda {
                    arg: p
                        .pat_bind()
                        .and_then(|b| b.ident_token())
                        .map(|t| t.text().to_string()),
                    formals: Some(Formals {
                        entries,
                        ellipsis: p.ellipsis_token().is_some(),
                    }),
                    body,
                }
            }
            None => Expr::Lambda {
                arg: None,
                formals: None,
                body,
            },
        }
    }

    /// The bindings of a set or `let`, with `a.b = …` definitions merged as CppNix's
    /// `addAttr` does.
    fn bindings(&self, node: &impl HasBindings) -> Attrs {
        let mut attrs = Attrs::default();
        for binding in node.bindings() {
            match binding {
                ast::Binding::AttrpathValue(av) => {
                    let path = self.attrpath(av.attrpath());
                    let value = self.expr_opt(av.value());
                    add_path(&mut attrs, path, value);
                }
                ast::Binding::Inherit(inherit) => {
                    let from = inherit.from().map(|f| {
                        attrs.inherit_from.push(self.expr_opt(f.expr()));
                        attrs.inherit_from.len() - 1
                    });
                    for a in inherit.attrs() {
                        let name = a.static_name().unwrap_or_default();
                        let def = match from {
                            Some(index) => Def::InheritedFrom(index),
                            None => Def::Inherited,
                        };
                        attrs.defs.entry(name).or_insert(def);
                    }
                }
            }
        }
        attrs
    }
}

/// Defines `path = value` in `attrs`, creating (or entering) the sets along the path.
fn add_path(attrs: &mut Attrs, mut path: Vec<Name>, value: Expr) {
    if path.is_empty() {
        return;
    }
    let last = path.pop().expect("non-empty path");
    let mut target = attrs;
    for name in path {
        target = match name {
            Name::Static(n) => {
                let def = target
                    .defs
                    .entry(n)
                    .or_insert_with(|| Def::Plain(Expr::Attrs(Box::default())));
                match def {
                    Def::Plain(Expr::Attrs(nested)) => nested,
                    // A duplicate definition, which the parser already reported.
                    _ => return,
                }
            }
            Name::Dynamic(e) => {
                target.dynamic.push((e, Expr::Attrs(Box::default())));
                match target.dynamic.last_mut() {
                    Some((_, Expr::Attrs(nested))) => nested,
                    _ => return,
                }
            }
        };
    }
    match last {
        Name::Static(n) => add_def(target, n, Def::Plain(value)),
        Name::Dynamic(e) => target.dynamic.push((e, value)),
    }
}

/// CppNix's `addAttr` for one name: two set literals under the same name merge.
fn add_def(attrs: &mut Attrs, name: String, def: Def) {
    match attrs.defs.get_mut(&name) {
        None => {
            attrs.defs.insert(name, def);
        }
        Some(Def::Plain(Expr::Attrs(existing))) => {
            let Def::Plain(Expr::Attrs(incoming)) = def else {
                return;
            };
            let incoming = *incoming;
            let offset = existing.inherit_from.len();
            for (n, d) in incoming.defs {
                let d = match d {
                    Def::InheritedFrom(i) => Def::InheritedFrom(i + offset),
                    other => other,
                };
                add_def(existing, n, d);
            }
            existing.dynamic.extend(incoming.dynamic);
            existing.inherit_from.extend(incoming.inherit_from);
        }
        // A duplicate definition, which the parser already reported.
        Some(_) => {}
    }
}

fn push_attrpath(out: &mut String, path: &[Name]) {
    for (i, name) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match name {
            Name::Static(s) => print_attr_name(out, s),
            Name::Dynamic(e) => {
                out.push_str("\"${");
                e.show(out);
                out.push_str("}\"");
            }
        }
    }
}

impl Attrs {
    fn show_bindings(&self, out: &mut String) {
        let inherited: Vec<&String> = self
            .defs
            .iter()
            .filter(|(_, d)| matches!(d, Def::Inherited))
            .map(|(n, _)| n)
            .collect();
        if !inherited.is_empty() {
            out.push_str("inherit");
            for name in inherited {
                out.push(' ');
                print_attr_name(out, name);
            }
            out.push_str("; ");
        }
        let mut from: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
        for (name, def) in &self.defs {
            if let Def::InheritedFrom(i) = def {
                from.entry(*i).or_default().push(name);
            }
        }
        for (i, names) in from {
            out.push_str("inherit (");
            self.inherit_from[i].show(out);
            out.push(')');
            for name in names {
                out.push(' ');
                print_attr_name(out, name);
            }
            out.push_str("; ");
        }
        for (name, def) in &self.defs {
            if let Def::Plain(e) = def {
                print_attr_name(out, name);
                out.push_str(" = ");
                e.show(out);
                out.push_str("; ");
            }
        }
        for (name, value) in &self.dynamic {
            out.push_str("\"${");
            name.show(out);
            out.push_str("}\" = ");
            value.show(out);
            out.push_str("; ");
        }
    }
}

impl Expr {
    fn show(&self, out: &mut String) {
        syntax::deep::with_stack(|| self.show_unguarded(out))
    }

    fn show_unguarded(&self, out: &mut String) {
        match self {
            Expr::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Expr::Float(f) => out.push_str(&format_float(*f)),
            Expr::Str(s) => crate::print::escape_string(out, s),
            Expr::Path(p) => out.push_str(p),
            Expr::Var(name) => print_attr_name(out, name),
            Expr::CurPos => out.push_str("__curPos"),
            Expr::Select {
                expr,
                path,
                default,
            } => {
                out.push('(');
                expr.show(out);
                out.push_str(").");
                push_attrpath(out, path);
                if let Some(d) = default {
                    out.push_str(" or (");
                    d.show(out);
                    out.push(')');
                }
            }
            Expr::HasAttr(e, path) => {
                out.push_str("((");
                e.show(out);
                out.push_str(") ? ");
                push_attrpath(out, path);
                out.push(')');
            }
            Expr::Attrs(attrs) => {
                if attrs.rec {
                    out.push_str("rec ");
                }
                out.push_str("{ ");
                attrs.show_bindings(out);
                out.push('}');
            }
            Expr::List(items) => {
                out.push_str("[ ");
                for item in items {
                    out.push('(');
                    item.show(out);
                    out.push_str(") ");
                }
                out.push(']');
            }
            Expr::Lambda { arg, formals, body } => {
                out.push('(');
                if let Some(formals) = formals {
                    out.push_str("{ ");
                    for (i, (name, default)) in formals.entries.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        print_attr_name(out, name);
                        if let Some(d) = default {
                            out.push_str(" ? ");
                            d.show(out);
                        }
                    }
                    if formals.ellipsis {
                        if !formals.entries.is_empty() {
                            out.push_str(", ");
                        }
                        out.push_str("...");
                    }
                    out.push_str(" }");
                    if arg.is_some() {
                        out.push_str(" @ ");
                    }
                }
                if let Some(arg) = arg {
                    print_attr_name(out, arg);
                }
                out.push_str(": ");
                body.show(out);
                out.push(')');
            }
            Expr::Call(f, args) => {
                out.push('(');
                f.show(out);
                for a in args {
                    out.push(' ');
                    a.show(out);
                }
                out.push(')');
            }
            Expr::Let(attrs, body) => {
                out.push_str("(let ");
                attrs.show_bindings(out);
                out.push_str("in ");
                body.show(out);
                out.push(')');
            }
            Expr::With(namespace, body) => {
                out.push_str("(with ");
                namespace.show(out);
                out.push_str("; ");
                body.show(out);
                out.push(')');
            }
            Expr::If(c, t, e) => {
                out.push_str("(if ");
                c.show(out);
                out.push_str(" then ");
                t.show(out);
                out.push_str(" else ");
                e.show(out);
                out.push(')');
            }
            Expr::Assert(c, body) => {
                out.push_str("assert ");
                c.show(out);
                out.push_str("; ");
                body.show(out);
            }
            Expr::Not(e) => {
                out.push_str("(! ");
                e.show(out);
                out.push(')');
            }
            Expr::Binary(op, a, b) => {
                out.push('(');
                a.show(out);
                let _ = write!(out, " {op} ");
                b.show(out);
                out.push(')');
            }
            Expr::Concat(parts) => {
                out.push('(');
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" + ");
                    }
                    p.show(out);
                }
                out.push(')');
            }
        }
    }
}

/// `nix-instantiate --parse` of source text: the errors evaluation would report before
/// running (syntax errors, undefined variables), or the printed tree.
pub fn parse_and_show(
    m: &mut crate::Machine,
    origin: crate::Origin,
    text: &str,
    base_dir: &Path,
) -> crate::EvalResult<String> {
    m.compile_source(origin, text.into(), base_dir, None)?;
    let parse = syntax::parse(text);
    Ok(show_parsed(&parse.tree(), base_dir))
}
