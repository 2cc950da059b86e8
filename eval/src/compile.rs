//! Lowering from the typed AST to the IR: resolves every variable to a frame slot (or to the
//! enclosing `with`s), interns attribute names, merges `a.b = …; a.c = …;` definitions as
//! CppNix's parser does, and reports undefined variables.

use crate::ir::*;
use crate::lints::{LintFinding, LintLevel, LiteralLints};
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::{NixString, Value};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::rc::Rc;
use syntax::ast::{self, AstNode, HasBindings, InterpolPart, LiteralKind};
use syntax::{SyntaxKind, SyntaxNode, TextRange};

/// A problem found while compiling: the message and where.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    pub range: TextRange,
}

enum Scope {
    /// Names bound in a frame, with their slots.
    Frame(FxHashMap<Symbol, u32>),
    With,
}

/// Options that change how source is read.
#[derive(Clone, Default)]
pub struct CompileOptions {
    pub pipe_operators: bool,
    pub lints: LiteralLints,
}

/// A compiled file, with the warnings its lints raised.
pub struct Compiled {
    pub expr: ExprRef,
    pub warnings: Vec<CompileError>,
}

pub struct Compiler<'a> {
    file: u32,
    base_dir: &'a Path,
    scopes: Vec<Scope>,
    errors: Vec<CompileError>,
    warnings: Vec<CompileError>,
    options: &'a CompileOptions,
}

/// Compiles a file's tree. `globals` is the outermost frame: the names of the base
/// environment (builtins, or those `scopedImport` adds) and their slots.
pub fn compile(
    root: &ast::Root,
    file: u32,
    base_dir: &Path,
    globals: &[FxHashMap<Symbol, u32>],
    options: &CompileOptions,
) -> Result<Compiled, Vec<CompileError>> {
    let mut c = Compiler {
        file,
        base_dir,
        scopes: globals.iter().map(|g| Scope::Frame(g.clone())).collect(),
        errors: Vec::new(),
        warnings: Vec::new(),
        options,
    };
    let expr = c.expr_opt(root.expr(), root.syntax());
    if c.errors.is_empty() {
        Ok(Compiled {
            expr,
            warnings: c.warnings,
        })
    } else {
        Err(c.errors)
    }
}

fn sym_of_token(t: &syntax::SyntaxToken) -> Symbol {
    Symbol::new(t.text())
}

/// An attribute set or `let` under construction, before lowering: definitions merged by name.
struct SetBuilder {
    rec: bool,
    entries: Vec<(Symbol, Entry, Pos)>,
    index: FxHashMap<Symbol, usize>,
    dynamics: Vec<(ast::Attr, DynValue, Pos)>,
    /// `inherit (e)` sources (`None` when the parser found no expression).
    hidden: Vec<Option<ast::Expr>>,
    pos: Pos,
}

enum Entry {
    Value(ast::Expr),
    Nested(SetBuilder),
    Inherit {
        from: Option<usize>,
        node: SyntaxNode,
    },
}

enum DynValue {
    Value(ast::Expr),
    Nested(SetBuilder),
}

impl SetBuilder {
    fn new(rec: bool, pos: Pos) -> SetBuilder {
        SetBuilder {
            rec,
            entries: Vec::new(),
            index: FxHashMap::default(),
            dynamics: Vec::new(),
            hidden: Vec::new(),
            pos,
        }
    }
}

impl Compiler<'_> {
    fn pos(&self, node: &SyntaxNode) -> Pos {
        self.pos_at(node.text_range())
    }

    fn pos_at(&self, range: TextRange) -> Pos {
        Pos {
            file: self.file,
            offset: u32::from(range.start()),
        }
    }

    fn error(&mut self, message: impl Into<String>, range: TextRange) -> ExprRef {
        self.errors.push(CompileError {
            message: message.into(),
            range,
        });
        Rc::new(Expr::Const(Value::Null))
    }

    /// Records a lint finding: a warning, or an error when the lint is fatal.
    fn lint(&mut self, finding: Option<LintFinding>, range: TextRange) {
        let Some(f) = finding else { return };
        let e = CompileError {
            message: f.message,
            range,
        };
        match f.level {
            LintLevel::Fatal => self.errors.push(e),
            _ => self.warnings.push(e),
        }
    }

    fn expr_opt(&mut self, e: Option<ast::Expr>, parent: &SyntaxNode) -> ExprRef {
        match e {
            Some(e) => self.expr(&e),
            None => self.error("syntax error: missing expression", parent.text_range()),
        }
    }

    fn expr(&mut self, e: &ast::Expr) -> ExprRef {
        self.expr_named(e, None)
    }

    /// Compiles an expression; a lambda gets `name` (the binding it is the value of).
    fn expr_named(&mut self, e: &ast::Expr, name: Option<Symbol>) -> ExprRef {
        syntax::deep::with_stack(|| self.expr_named_unguarded(e, name))
    }

    fn expr_named_unguarded(&mut self, e: &ast::Expr, name: Option<Symbol>) -> ExprRef {
        let node = e.syntax();
        let pos = self.pos(node);
        match e {
            ast::Expr::Paren(p) => self.expr_opt(p.expr(), node),
            ast::Expr::Literal(l) => self.literal(l),
            ast::Expr::Ident(i) => {
                let Some(t) = i.ident_token() else {
                    return self.error("syntax error", node.text_range());
                };
                if t.text() == "__curPos" {
                    return Rc::new(Expr::CurPos(pos));
                }
                self.variable(sym_of_token(&t), node.text_range())
            }
            ast::Expr::Str(s) => self.string(s),
            ast::Expr::Path(p) => self.path(p),
            ast::Expr::List(l) => {
                let items = l.items().map(|i| self.expr(&i)).collect();
                Rc::new(Expr::List(items))
            }
            ast::Expr::Lambda(l) => self.lambda(l, name),
            ast::Expr::Apply(a) => {
                let mut args = vec![a.argument()];
                let mut func = a.lambda();
                while let Some(ast::Expr::Apply(inner)) = &func {
                    args.push(inner.argument());
                    func = inner.lambda();
                }
                let func = self.expr_opt(func, node);
                let args = args
                    .into_iter()
                    .rev()
                    .map(|a| self.expr_opt(a, node))
                    .collect();
                Rc::new(Expr::Apply { func, args, pos })
            }
            ast::Expr::Select(s) => {
                let expr = self.expr_opt(s.expr(), node);
                let path = self.attrpath(s.attrpath(), node);
                let default = s.default_expr().map(|d| self.expr(&d));
                Rc::new(Expr::Select {
                    expr,
                    path,
                    default,
                    pos,
                })
            }
            ast::Expr::HasAttr(h) => {
                let expr = self.expr_opt(h.expr(), node);
                let path = self.attrpath(h.attrpath(), node);
                Rc::new(Expr::HasAttr { expr, path })
            }
            ast::Expr::AttrSet(set) => {
                let mut b = SetBuilder::new(set.is_rec(), pos);
                self.add_bindings(&mut b, set.bindings());
                self.lower_set(b)
            }
            ast::Expr::LetIn(l) => {
                let mut b = SetBuilder::new(true, pos);
                self.add_bindings(&mut b, l.bindings());
                let body = l.body();
                self.lower_let(b, |c| c.expr_opt(body, node))
            }
            ast::Expr::LegacyLet(l) => {
                let mut b = SetBuilder::new(true, pos);
                self.add_bindings(&mut b, l.bindings());
                let set = self.lower_set(b);
                Rc::new(Expr::Select {
                    expr: set,
                    path: Box::new([AttrKey::Static(Symbol::new("body"))]),
                    default: None,
                    pos,
                })
            }
            ast::Expr::With(w) => {
                let namespace = self.expr_opt(w.namespace(), node);
                self.scopes.push(Scope::With);
                let body = self.expr_opt(w.body(), node);
                self.scopes.pop();
                Rc::new(Expr::With {
                    namespace,
                    body,
                    pos,
                })
            }
            ast::Expr::IfElse(i) => Rc::new(Expr::If {
                cond: self.expr_opt(i.condition(), node),
                then: self.expr_opt(i.then_body(), node),
                else_: self.expr_opt(i.else_body(), node),
                pos,
            }),
            ast::Expr::Assert(a) => {
                let cond_ast = a.condition();
                let text: Rc<str> = cond_ast
                    .as_ref()
                    .map(crate::print::show_expr)
                    .unwrap_or_default()
                    .into();
                Rc::new(Expr::Assert {
                    cond: self.expr_opt(cond_ast, node),
                    body: self.expr_opt(a.body(), node),
                    text,
                    pos,
                })
            }
            ast::Expr::UnaryOp(u) => {
                let operand = self.expr_opt(u.expr(), node);
                match u.operator() {
                    Some(ast::UnaryOpKind::Not) => Rc::new(Expr::Not(operand, pos)),
                    _ => Rc::new(Expr::Binary {
                        op: BinOp::Sub,
                        lhs: Rc::new(Expr::Const(Value::Int(0))),
                        rhs: operand,
                        pos,
                    }),
                }
            }
            ast::Expr::BinOp(b) => self.binary(b),
            ast::Expr::Error(_) => self.error("syntax error", node.text_range()),
        }
    }

    fn literal(&mut self, l: &ast::Literal) -> ExprRef {
        let Some(t) = l.token() else {
            return self.error("syntax error", l.syntax().text_range());
        };
        let v = match l.kind() {
            Some(LiteralKind::Integer) => match t.text().parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => {
                    return self.error(format!("invalid integer '{}'", t.text()), t.text_range());
                }
            },
            Some(LiteralKind::Float) => match t.text().parse::<f64>() {
                Ok(f) => Value::Float(f),
                Err(_) => {
                    return self.error(format!("invalid float '{}'", t.text()), t.text_range());
                }
            },
            Some(LiteralKind::Uri) => {
                self.lint(self.options.lints.url(t.text()), t.text_range());
                Value::string(t.text())
            }
            None => return self.error("syntax error", t.text_range()),
        };
        Rc::new(Expr::Const(v))
    }

    fn binary(&mut self, b: &ast::BinOp) -> ExprRef {
        let node = b.syntax();
        let lhs = self.expr_opt(b.lhs(), node);
        let rhs = self.expr_opt(b.rhs(), node);
        let op_token = b.operator_token();
        let pos = op_token
            .as_ref()
            .map_or_else(|| self.pos(node), |t| self.pos_at(t.text_range()));
        use ast::BinaryOp as A;
        let op = match b.operator() {
            Some(A::Concat) => BinOp::Concat,
            Some(A::Update) => BinOp::Update,
            Some(A::Add) => BinOp::Add,
            Some(A::Sub) => BinOp::Sub,
            Some(A::Mul) => BinOp::Mul,
            Some(A::Div) => BinOp::Div,
            Some(A::Equal) => BinOp::Eq,
            Some(A::NotEqual) => BinOp::NotEq,
            Some(A::Less) => BinOp::Less,
            Some(A::LessOrEq) => BinOp::LessEq,
            Some(A::More) => BinOp::Greater,
            Some(A::MoreOrEq) => BinOp::GreaterEq,
            Some(A::And) => BinOp::And,
            Some(A::Or) => BinOp::Or,
            Some(A::Implication) => BinOp::Impl,
            Some(op @ (A::PipeRight | A::PipeLeft)) => {
                if !self.options.pipe_operators {
                    let range = op_token.map_or(node.text_range(), |t| t.text_range());
                    return self.error(
                        "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it",
                        range,
                    );
                }
                if op == A::PipeRight {
                    BinOp::PipeRight
                } else {
                    BinOp::PipeLeft
                }
            }
            None => return self.error("syntax error", node.text_range()),
        };
        Rc::new(Expr::Binary { op, lhs, rhs, pos })
    }

    fn variable(&mut self, name: Symbol, range: TextRange) -> ExprRef {
        match self.resolve(name, 0) {
            Some(e) => Rc::new(e),
            None => self.error(format!("undefined variable '{name}'"), range),
        }
    }

    /// Resolves `name`, skipping the `skip` innermost scopes (whose frames still count in
    /// the depth): `inherit x;` in a `rec` set or `let` looks outside it.
    fn resolve(&self, name: Symbol, skip: usize) -> Option<Expr> {
        let mut withs = Vec::new();
        for (depth, scope) in self.scopes.iter().rev().enumerate() {
            if depth < skip {
                continue;
            }
            match scope {
                Scope::Frame(names) => {
                    if let Some(&slot) = names.get(&name) {
                        return Some(Expr::Var {
                            depth: depth as u32,
                            slot,
                        });
                    }
                }
                Scope::With => withs.push(depth as u32),
            }
        }
        (!withs.is_empty()).then(|| Expr::WithVar {
            name,
            withs: withs.into(),
            pos: Pos::NONE,
        })
    }

    fn resolve_at(&mut self, name: Symbol, skip: usize, range: TextRange) -> ExprRef {
        match self.resolve(name, skip) {
            Some(Expr::WithVar { name, withs, .. }) => Rc::new(Expr::WithVar {
                name,
                withs,
                pos: self.pos_at(range),
            }),
            Some(e) => Rc::new(e),
            None => self.error(format!("undefined variable '{name}'"), range),
        }
    }

    fn attrpath(&mut self, path: Option<ast::Attrpath>, parent: &SyntaxNode) -> Box<[AttrKey]> {
        let Some(path) = path else {
            self.error("syntax error: missing attribute path", parent.text_range());
            return Box::new([]);
        };
        path.attrs().map(|a| self.attr_key(&a)).collect()
    }

    fn attr_key(&mut self, attr: &ast::Attr) -> AttrKey {
        if let Some(name) = attr.static_name() {
            return AttrKey::Static(Symbol::new(&name));
        }
        AttrKey::Dynamic(self.dynamic_name(attr))
    }

    fn dynamic_name(&mut self, attr: &ast::Attr) -> ExprRef {
        match attr {
            ast::Attr::Dynamic(d) => self.expr_opt(d.expr(), d.syntax()),
            ast::Attr::Str(s) => self.string(s),
            ast::Attr::Ident(i) => {
                let name = i.name().unwrap_or_default();
                Rc::new(Expr::Const(Value::string(name)))
            }
        }
    }

    fn string(&mut self, s: &ast::Str) -> ExprRef {
        let parts = s.normalized_parts();
        let pos = self.pos(s.syntax());
        let mut out = Vec::new();
        let mut any_interpolation = false;
        for part in parts {
            match part {
                InterpolPart::Literal(text) => {
                    out.push(Rc::new(Expr::Const(Value::String(NixString::new(text)))))
                }
                InterpolPart::Interpolation(i) => {
                    any_interpolation = true;
                    out.push(self.expr_opt(i.expr(), i.syntax()));
                }
            }
        }
        if !any_interpolation {
            let text = match out.first().map(|e| &**e) {
                Some(Expr::Const(Value::String(s))) => s.clone(),
                _ => NixString::new(""),
            };
            return Rc::new(Expr::Const(Value::String(text)));
        }
        Rc::new(Expr::Interpolate {
            parts: out.into(),
            is_path: false,
            pos,
        })
    }

    fn path(&mut self, p: &ast::Path) -> ExprRef {
        let pos = self.pos(p.syntax());
        if let Some(name) = p.search_path_name() {
            return self.search_path(&name, p.syntax().text_range());
        }
        let mut parts: Vec<ExprRef> = Vec::new();
        let mut home = None;
        for (i, part) in p.parts().enumerate() {
            match part {
                syntax::NodeOrToken::Token(t) => {
                    let text = t.text();
                    if i == 0 {
                        self.lint(self.options.lints.path(text), p.syntax().text_range());
                    }
                    match t.kind() {
                        SyntaxKind::PATH_HOME if i == 0 => home = Some(text.to_string()),
                        SyntaxKind::PATH_ABS | SyntaxKind::PATH_REL if i == 0 => {
                            let path = crate::paths::resolve_literal(text, self.base_dir);
                            parts.push(Rc::new(Expr::Const(Value::string(path))));
                        }
                        _ => parts.push(Rc::new(Expr::Const(Value::string(text)))),
                    }
                }
                syntax::NodeOrToken::Node(interp) => {
                    parts.push(self.expr_opt(interp.expr(), interp.syntax()));
                }
            }
        }
        if let Some(home) = home {
            if parts.is_empty() {
                return Rc::new(Expr::HomePath(home[1..].into(), pos));
            }
            parts.insert(0, Rc::new(Expr::HomePath(home[1..].into(), pos)));
            return Rc::new(Expr::Interpolate {
                parts: parts.into(),
                is_path: true,
                pos,
            });
        }
        if parts.len() == 1
            && let Expr::Const(Value::String(s)) = &*parts[0]
        {
            let canon = crate::paths::canonicalize(s.as_str());
            return Rc::new(Expr::Const(Value::Path(canon.into())));
        }
        Rc::new(Expr::Interpolate {
            parts: parts.into(),
            is_path: true,
            pos,
        })
    }

    /// `<name>` is `__findFile __nixPath "name"`, resolved like any variables (so a scope
    /// can override them), as CppNix's parser does.
    fn search_path(&mut self, name: &str, range: TextRange) -> ExprRef {
        let find = self.resolve_at(Symbol::new("__findFile"), 0, range);
        let nix_path = self.resolve_at(Symbol::new("__nixPath"), 0, range);
        Rc::new(Expr::Apply {
            func: find,
            args: Box::new([nix_path, Rc::new(Expr::Const(Value::string(name)))]),
            pos: self.pos_at(range),
        })
    }

    fn lambda(&mut self, l: &ast::Lambda, name: Option<Symbol>) -> ExprRef {
        let node = l.syntax();
        let pos = self.pos(node);
        let mut names = FxHashMap::default();
        let param = match l.param() {
            Some(ast::Param::IdentParam(p)) => {
                let Some(t) = p.ident_token() else {
                    return self.error("syntax error", node.text_range());
                };
                let s = sym_of_token(&t);
                names.insert(s, 0);
                Param::Ident(s)
            }
            Some(ast::Param::Pattern(pat)) => {
                let entries: Vec<ast::PatEntry> = pat.pat_entries().collect();
                for (i, e) in entries.iter().enumerate() {
                    if let Some(t) = e.ident_token() {
                        names.insert(sym_of_token(&t), i as u32);
                    }
                }
                let bind = pat
                    .pat_bind()
                    .and_then(|b| b.ident_token())
                    .map(|t| sym_of_token(&t));
                if let Some(b) = bind {
                    names.entry(b).or_insert(entries.len() as u32);
                }
                self.scopes.push(Scope::Frame(names.clone()));
                let formals = entries
                    .iter()
                    .map(|e| Formal {
                        name: e
                            .ident_token()
                            .map_or(Symbol::new(""), |t| sym_of_token(&t)),
                        default: e.default().map(|d| self.expr(&d)),
                        pos: self.pos(e.syntax()),
                    })
                    .collect();
                self.scopes.pop();
                Param::Pattern {
                    formals,
                    ellipsis: pat.ellipsis_token().is_some(),
                    bind,
                }
            }
            None => return self.error("syntax error", node.text_range()),
        };
        let frame_size = match &param {
            Param::Ident(_) => 1,
            Param::Pattern { formals, .. } => formals.len() as u32 + 1,
        };
        self.scopes.push(Scope::Frame(names));
        let body = self.expr_opt(l.body(), node);
        self.scopes.pop();
        Rc::new(Expr::Lambda(Rc::new(LambdaDef {
            name,
            param,
            body,
            frame_size,
            pos,
        })))
    }

    // --- attribute sets and `let` ---

    fn add_bindings(&mut self, b: &mut SetBuilder, bindings: impl Iterator<Item = ast::Binding>) {
        for binding in bindings {
            match binding {
                ast::Binding::Inherit(inh) => {
                    let from = inh.from().map(|f| {
                        b.hidden.push(f.expr());
                        b.hidden.len() - 1
                    });
                    for attr in inh.attrs() {
                        let Some(name) = attr.static_name() else {
                            self.error(
                                "dynamic attributes not allowed in inherit",
                                attr.syntax().text_range(),
                            );
                            continue;
                        };
                        let sym = Symbol::new(&name);
                        let pos = self.pos(attr.syntax());
                        if b.index.contains_key(&sym) {
                            self.error(
                                format!("attribute '{name}' already defined"),
                                attr.syntax().text_range(),
                            );
                            continue;
                        }
                        b.index.insert(sym, b.entries.len());
                        b.entries.push((
                            sym,
                            Entry::Inherit {
                                from,
                                node: attr.syntax().clone(),
                            },
                            pos,
                        ));
                    }
                }
                ast::Binding::AttrpathValue(av) => {
                    let Some(path) = av.attrpath() else { continue };
                    let attrs: Vec<ast::Attr> = path.attrs().collect();
                    let Some(value) = av.value() else {
                        self.error("syntax error: missing value", av.syntax().text_range());
                        continue;
                    };
                    self.add_path(b, &attrs, value);
                }
            }
        }
    }

    fn add_path(&mut self, b: &mut SetBuilder, path: &[ast::Attr], value: ast::Expr) {
        syntax::deep::with_stack(|| self.add_path_unguarded(b, path, value))
    }

    fn add_path_unguarded(&mut self, b: &mut SetBuilder, path: &[ast::Attr], value: ast::Expr) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let pos = self.pos(first.syntax());
        let Some(name) = first.static_name() else {
            let v = if rest.is_empty() {
                DynValue::Value(value)
            } else {
                let mut nested = SetBuilder::new(false, pos);
                self.add_path(&mut nested, rest, value);
                DynValue::Nested(nested)
            };
            b.dynamics.push((first.clone(), v, pos));
            return;
        };
        let sym = Symbol::new(&name);
        match b.index.get(&sym).copied() {
            None => {
                b.index.insert(sym, b.entries.len());
                if rest.is_empty() {
                    b.entries.push((sym, Entry::Value(value), pos));
                } else {
                    let mut nested = SetBuilder::new(false, pos);
                    self.add_path(&mut nested, rest, value);
                    b.entries.push((sym, Entry::Nested(nested), pos));
                }
            }
            Some(i) => {
                // Turn a written attribute-set literal into a builder so that later
                // definitions merge into it.
                if let Entry::Value(existing) = &b.entries[i].1
                    && let ast::Expr::AttrSet(set) = existing.clone().unparenthesized()
                {
                    let mut nested = SetBuilder::new(set.is_rec(), self.pos(set.syntax()));
                    self.add_bindings(&mut nested, set.bindings());
                    b.entries[i].1 = Entry::Nested(nested);
                }
                if let Entry::Nested(nested) = &mut b.entries[i].1 {
                    if rest.is_empty() {
                        if let ast::Expr::AttrSet(set) = value.clone().unparenthesized() {
                            self.add_bindings(nested, set.bindings());
                            return;
                        }
                    } else {
                        self.add_path(nested, rest, value);
                        return;
                    }
                }
                self.error(
                    format!("attribute '{name}' already defined"),
                    first.syntax().text_range(),
                );
            }
        }
    }

    /// Pushes the frame of a `rec` set or `let` (its names, then hidden slots).
    fn push_rec_frame(&mut self, entries: &[(Symbol, Entry, Pos)]) {
        let names = entries
            .iter()
            .enumerate()
            .map(|(i, (s, _, _))| (*s, i as u32))
            .collect();
        self.scopes.push(Scope::Frame(names));
    }

    /// The value expression of one static entry, compiled in the current scope (`own_frame`
    /// says whether the innermost scope is the set's own frame, which `inherit x` skips).
    fn entry_value(
        &mut self,
        entry: Entry,
        name: Symbol,
        own_frame: bool,
        hidden_base: u32,
    ) -> (ExprRef, bool) {
        syntax::deep::with_stack(|| self.entry_value_unguarded(entry, name, own_frame, hidden_base))
    }

    fn entry_value_unguarded(
        &mut self,
        entry: Entry,
        name: Symbol,
        own_frame: bool,
        hidden_base: u32,
    ) -> (ExprRef, bool) {
        match entry {
            Entry::Value(e) => (self.expr_named(&e, Some(name)), false),
            Entry::Nested(nested) => (self.lower_set(nested), false),
            Entry::Inherit { from: None, node } => {
                let skip = usize::from(own_frame);
                (self.resolve_at(name, skip, node.text_range()), true)
            }
            Entry::Inherit {
                from: Some(h),
                node,
            } => {
                let source = Rc::new(Expr::Var {
                    depth: 0,
                    slot: hidden_base + h as u32,
                });
                let pos = self.pos(&node);
                (
                    Rc::new(Expr::Select {
                        expr: source,
                        path: Box::new([AttrKey::Static(name)]),
                        default: None,
                        pos,
                    }),
                    false,
                )
            }
        }
    }

    fn lower_dynamics(&mut self, dynamics: Vec<(ast::Attr, DynValue, Pos)>) -> Vec<DynamicAttr> {
        dynamics
            .into_iter()
            .map(|(attr, v, pos)| DynamicAttr {
                name: self.dynamic_name(&attr),
                value: match v {
                    DynValue::Value(e) => self.expr(&e),
                    DynValue::Nested(n) => self.lower_set(n),
                },
                pos,
            })
            .collect()
    }

    fn hidden_source(&mut self, source: &Option<ast::Expr>, pos: Pos) -> ExprRef {
        match source {
            Some(e) => self.expr(e),
            None => self.error(
                "syntax error: missing expression in inherit",
                TextRange::empty(pos.offset.into()),
            ),
        }
    }

    fn lower_set(&mut self, b: SetBuilder) -> ExprRef {
        let SetBuilder {
            rec,
            entries,
            dynamics,
            hidden,
            pos,
            ..
        } = b;
        let new_frame = rec || !hidden.is_empty();
        if rec {
            self.push_rec_frame(&entries);
        } else if new_frame {
            self.scopes.push(Scope::Frame(FxHashMap::default()));
        }
        let hidden_base = if rec { entries.len() as u32 } else { 0 };
        let hidden = hidden.iter().map(|h| self.hidden_source(h, pos)).collect();
        let statics: Vec<StaticAttr> = entries
            .into_iter()
            .map(|(name, entry, pos)| {
                let (value, inherited) = self.entry_value(entry, name, rec, hidden_base);
                StaticAttr {
                    name,
                    value,
                    pos,
                    inherited,
                }
            })
            .collect();
        let dynamics = self.lower_dynamics(dynamics);
        if new_frame {
            self.scopes.pop();
        }
        let overrides = if rec {
            let name = crate::symbol::known().overrides;
            statics.iter().position(|s| s.name == name)
        } else {
            None
        };
        Rc::new(Expr::Attrs(Box::new(AttrsDef {
            new_frame,
            rec,
            statics,
            hidden,
            dynamics,
            overrides,
            pos,
        })))
    }

    fn lower_let(&mut self, b: SetBuilder, body: impl FnOnce(&mut Self) -> ExprRef) -> ExprRef {
        for (attr, _, _) in &b.dynamics {
            self.error(
                "dynamic attributes not allowed in let",
                attr.syntax().text_range(),
            );
        }
        self.push_rec_frame(&b.entries);
        let hidden_base = b.entries.len() as u32;
        let mut slots: Vec<ExprRef> = Vec::with_capacity(b.entries.len() + b.hidden.len());
        for (name, entry, _) in b.entries {
            slots.push(self.entry_value(entry, name, true, hidden_base).0);
        }
        for h in &b.hidden {
            slots.push(self.hidden_source(h, b.pos));
        }
        let body = body(self);
        self.scopes.pop();
        Rc::new(Expr::Let {
            slots: slots.into(),
            body,
        })
    }
}
