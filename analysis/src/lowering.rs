//! Lowering the typed AST to the HIR, recording where everything came from.

use crate::hir::*;
use rustc_hash::FxHashMap;
use syntax::SyntaxNode;
use syntax::ast::{self, AstNode, HasBindings, InterpolPart};

pub fn lower(root: &ast::Root) -> (Module, SourceMap) {
    let mut ctx = Lower::default();
    let entry = root.expr().map(|e| ctx.lower_expr(e));
    ctx.module.entry = entry;
    // The language server keeps a HIR per open file and version: no spare capacity.
    ctx.module.exprs.shrink_to_fit();
    ctx.module.names.shrink_to_fit();
    ctx.source_map.expr_nodes.shrink_to_fit();
    ctx.source_map.name_nodes.shrink_to_fit();
    (ctx.module, ctx.source_map)
}

#[derive(Default)]
struct Lower {
    module: Module,
    source_map: SourceMap,
}

impl Lower {
    fn alloc(&mut self, expr: Expr, node: Option<&SyntaxNode>) -> ExprId {
        let id = ExprId(self.module.exprs.len() as u32);
        self.module.exprs.push(expr);
        let ptr = node.map(NodePtr::new);
        self.source_map.expr_nodes.push(ptr);
        if let Some(ptr) = ptr {
            self.source_map.node_to_expr.insert(ptr, id);
        }
        id
    }

    fn alloc_name(&mut self, text: &str, kind: NameKind, node: &SyntaxNode) -> NameId {
        let id = NameId(self.module.names.len() as u32);
        self.module.names.push(Name {
            text: text.into(),
            kind,
        });
        let ptr = NodePtr::new(node);
        self.source_map.name_nodes.push(smallvec::smallvec![ptr]);
        self.source_map.node_to_name.insert(ptr, id);
        id
    }

    fn lower_opt(&mut self, expr: Option<ast::Expr>) -> ExprId {
        match expr {
            Some(e) => self.lower_expr(e),
            None => self.alloc(Expr::Missing, None),
        }
    }

    fn lower_expr(&mut self, expr: ast::Expr) -> ExprId {
        syntax::deep::with_stack(|| self.lower_expr_unguarded(expr))
    }

    fn lower_expr_unguarded(&mut self, expr: ast::Expr) -> ExprId {
        let node = expr.syntax().clone();
        let hir = match expr {
            ast::Expr::Error(_) => Expr::Missing,
            ast::Expr::Ident(ident) => match ident.name() {
                Some(name) if name == "__curPos" => Expr::CurPos,
                Some(name) => Expr::Reference(name.into()),
                None => Expr::Missing,
            },
            ast::Expr::Literal(lit) => Expr::Literal(lower_literal(&lit)),
            ast::Expr::Paren(paren) => {
                // Parentheses are not an expression of their own, but keep their node mapped.
                let inner = self.lower_opt(paren.expr());
                self.source_map
                    .node_to_expr
                    .insert(NodePtr::new(&node), inner);
                return inner;
            }
            ast::Expr::Apply(apply) => {
                let f = self.lower_opt(apply.lambda());
                let arg = self.lower_opt(apply.argument());
                Expr::Apply(f, arg)
            }
            ast::Expr::Assert(assert) => {
                let cond = self.lower_opt(assert.condition());
                let body = self.lower_opt(assert.body());
                Expr::Assert { cond, body }
            }
            ast::Expr::With(with) => {
                let env = self.lower_opt(with.namespace());
                let body = self.lower_opt(with.body());
                Expr::With { env, body }
            }
            ast::Expr::IfElse(if_else) => {
                let cond = self.lower_opt(if_else.condition());
                let then_body = self.lower_opt(if_else.then_body());
                let else_body = self.lower_opt(if_else.else_body());
                Expr::IfThenElse {
                    cond,
                    then_body,
                    else_body,
                }
            }
            ast::Expr::BinOp(op) => {
                let lhs = self.lower_opt(op.lhs());
                let rhs = self.lower_opt(op.rhs());
                Expr::Binary(op.operator(), lhs, rhs)
            }
            ast::Expr::UnaryOp(op) => {
                let e = self.lower_opt(op.expr());
                Expr::Unary(op.operator(), e)
            }
            ast::Expr::HasAttr(has) => {
                let e = self.lower_opt(has.expr());
                let path = self.lower_attrpath(has.attrpath());
                Expr::HasAttr(e, path)
            }
            ast::Expr::Select(select) => {
                let e = self.lower_opt(select.expr());
                let path = self.lower_attrpath(select.attrpath());
                let default = select.default_expr().map(|d| self.lower_expr(d));
                Expr::Select(e, path, default)
            }
            ast::Expr::Str(s) => self.lower_string(&s),
            ast::Expr::Path(path) => {
                let mut parts = Vec::new();
                let mut text = String::new();
                let mut interpolated = false;
                for part in path.parts() {
                    match part {
                        rowan::NodeOrToken::Token(t) => text.push_str(t.text()),
                        rowan::NodeOrToken::Node(i) => {
                            interpolated = true;
                            if !text.is_empty() {
                                let lit = Expr::Literal(Literal::String(std::mem::take(&mut text)));
                                parts.push(self.alloc(lit, None));
                            }
                            parts.push(self.lower_opt(i.expr()));
                        }
                    }
                }
                if interpolated {
                    if !text.is_empty() {
                        parts.push(self.alloc(Expr::Literal(Literal::String(text)), None));
                    }
                    Expr::PathInterpolation(parts)
                } else {
                    Expr::Literal(Literal::Path(text))
                }
            }
            ast::Expr::List(list) => {
                let items = list.items().map(|e| self.lower_expr(e)).collect();
                Expr::List(items)
            }
            ast::Expr::Lambda(lambda) => self.lower_lambda(&lambda),
            ast::Expr::LetIn(let_in) => {
                let bindings = self.lower_bindings(&let_in, NameKind::LetIn);
                let body = self.lower_opt(let_in.body());
                Expr::LetIn(Box::new(bindings), body)
            }
            ast::Expr::LegacyLet(legacy) => {
                Expr::LetAttrset(Box::new(self.lower_bindings(&legacy, NameKind::RecAttrset)))
            }
            ast::Expr::AttrSet(set) => {
                if set.is_rec() {
                    Expr::RecAttrset(Box::new(self.lower_bindings(&set, NameKind::RecAttrset)))
                } else {
                    Expr::Attrset(Box::new(self.lower_bindings(&set, NameKind::PlainAttrset)))
                }
            }
        };
        self.alloc(hir, Some(&node))
    }

    fn lower_string(&mut self, s: &ast::Str) -> Expr {
        let parts = s.normalized_parts();
        if let [InterpolPart::Literal(text)] = parts.as_slice() {
            return Expr::Literal(Literal::String(text.clone()));
        }
        if parts.is_empty() {
            return Expr::Literal(Literal::String(String::new()));
        }
        let ids = parts
            .into_iter()
            .map(|part| match part {
                InterpolPart::Literal(text) => {
                    self.alloc(Expr::Literal(Literal::String(text)), None)
                }
                InterpolPart::Interpolation(i) => self.lower_opt(i.expr()),
            })
            .collect();
        Expr::StringInterpolation(ids)
    }

    fn lower_lambda(&mut self, lambda: &ast::Lambda) -> Expr {
        let mut param = None;
        let mut pat = None;
        match lambda.param() {
            Some(ast::Param::IdentParam(p)) => {
                if let Some(t) = p.ident_token() {
                    param = Some(self.alloc_name(t.text(), NameKind::Param, p.syntax()));
                }
            }
            Some(ast::Param::Pattern(p)) => {
                if let Some(bind) = p.pat_bind()
                    && let Some(t) = bind.ident_token()
                {
                    param = Some(self.alloc_name(t.text(), NameKind::Param, bind.syntax()));
                }
                let mut fields = Vec::new();
                for entry in p.pat_entries() {
                    let name = entry
                        .ident_token()
                        .map(|t| self.alloc_name(t.text(), NameKind::PatField, entry.syntax()));
                    let default = entry.default().map(|d| self.lower_expr(d));
                    fields.push((name, default));
                }
                pat = Some(Box::new(Pat {
                    fields,
                    ellipsis: p.ellipsis_token().is_some(),
                }));
            }
            None => {}
        }
        let body = self.lower_opt(lambda.body());
        Expr::Lambda { param, pat, body }
    }

    /// Attribute names of a select or `?`: string literals, or the dynamic expression.
    fn lower_attrpath(&mut self, attrpath: Option<ast::Attrpath>) -> Vec<ExprId> {
        let Some(attrpath) = attrpath else {
            return Vec::new();
        };
        attrpath
            .attrs()
            .map(|attr| self.lower_attr(&attr))
            .collect()
    }

    fn lower_attr(&mut self, attr: &ast::Attr) -> ExprId {
        match static_name(attr) {
            Some(name) => self.alloc(
                Expr::Literal(Literal::String(name.into())),
                Some(attr.syntax()),
            ),
            None => match attr {
                ast::Attr::Dynamic(d) => self.lower_opt(d.expr()),
                ast::Attr::Str(s) => {
                    let e = self.lower_string(s);
                    self.alloc(e, Some(s.syntax()))
                }
                ast::Attr::Ident(_) => self.alloc(Expr::Missing, Some(attr.syntax())),
            },
        }
    }

    fn lower_bindings(&mut self, node: &impl HasBindings, kind: NameKind) -> Bindings {
        let mut builder = BindingsBuilder::default();
        for binding in node.bindings() {
            match binding {
                ast::Binding::Inherit(inherit) => {
                    let from = inherit.from().map(|f| {
                        let e = self.lower_opt(f.expr());
                        builder.bindings.inherit_froms.push(e);
                        builder.bindings.inherit_froms.len() - 1
                    });
                    for attr in inherit.attrs() {
                        let Some(name) = static_name(&attr) else {
                            continue;
                        };
                        if builder.index.contains_key(&name) {
                            continue; // a duplicate: reported by `syntax::validate`
                        }
                        let value = match from {
                            Some(index) => BindingValue::InheritFrom(index),
                            None => BindingValue::Inherit(
                                self.alloc(Expr::Reference(name.clone()), Some(attr.syntax())),
                            ),
                        };
                        let id = self.alloc_name(&name, kind, attr.syntax());
                        builder.index.insert(name, builder.bindings.statics.len());
                        builder.bindings.statics.push((id, value));
                    }
                }
                ast::Binding::AttrpathValue(binding) => {
                    let attrs: Vec<ast::Attr> = binding
                        .attrpath()
                        .map(|p| p.attrs().collect())
                        .unwrap_or_default();
                    let value = self.lower_opt(binding.value());
                    if !attrs.is_empty() {
                        self.insert_path(&mut builder, &attrs, value, kind);
                    }
                }
            }
        }
        builder.bindings
    }

    /// Adds `a.b.c = value` to `builder`, merging into sets already defined.
    fn insert_path(
        &mut self,
        builder: &mut BindingsBuilder,
        attrs: &[ast::Attr],
        value: ExprId,
        kind: NameKind,
    ) {
        syntax::deep::with_stack(|| self.insert_path_unguarded(builder, attrs, value, kind))
    }

    fn insert_path_unguarded(
        &mut self,
        builder: &mut BindingsBuilder,
        attrs: &[ast::Attr],
        value: ExprId,
        kind: NameKind,
    ) {
        let first = &attrs[0];
        let rest = &attrs[1..];
        let Some(name) = static_name(first) else {
            let key = self.lower_attr(first);
            let value = self.nest(rest, value);
            builder.bindings.dynamics.push((key, value));
            return;
        };
        if let Some(&index) = builder.index.get(&name) {
            let (name_id, existing) = builder.bindings.statics[index];
            let ptr = NodePtr::new(first.syntax());
            self.source_map.name_nodes[name_id.0 as usize].push(ptr);
            self.source_map.node_to_name.insert(ptr, name_id);
            // Merge into an existing set; anything else is a duplicate (`syntax::validate`).
            if let BindingValue::Expr(target) = existing
                && self.is_set(target)
            {
                if rest.is_empty() {
                    if self.is_set(value) {
                        self.merge_sets(target, value);
                    }
                } else {
                    self.insert_into_set(target, rest, value);
                }
            }
            return;
        }
        let value = self.nest(rest, value);
        let id = self.alloc_name(&name, kind, first.syntax());
        builder.index.insert(name, builder.bindings.statics.len());
        builder
            .bindings
            .statics
            .push((id, BindingValue::Expr(value)));
    }

    /// The value of the rest of a path: `value` itself, or the sets Nix makes for `b.c` in
    /// `a.b.c = value`.
    fn nest(&mut self, rest: &[ast::Attr], value: ExprId) -> ExprId {
        if rest.is_empty() {
            return value;
        }
        let mut nested = BindingsBuilder::default();
        self.insert_path(&mut nested, rest, value, NameKind::PlainAttrset);
        self.alloc(Expr::Attrset(Box::new(nested.bindings)), None)
    }

    fn is_set(&self, id: ExprId) -> bool {
        matches!(self.module.expr(id), Expr::Attrset(_) | Expr::RecAttrset(_))
    }

    fn take_bindings(&mut self, set: ExprId) -> BindingsBuilder {
        let bindings = match &mut self.module.exprs[set.0 as usize] {
            Expr::Attrset(b) | Expr::RecAttrset(b) => std::mem::take(&mut **b),
            _ => Bindings::default(),
        };
        let index = bindings
            .statics
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (self.module.name(*name).text.clone(), i))
            .collect();
        BindingsBuilder { bindings, index }
    }

    fn put_bindings(&mut self, set: ExprId, builder: BindingsBuilder) {
        if let Expr::Attrset(b) | Expr::RecAttrset(b) = &mut self.module.exprs[set.0 as usize] {
            **b = builder.bindings;
        }
    }

    fn insert_into_set(&mut self, set: ExprId, attrs: &[ast::Attr], value: ExprId) {
        let mut builder = self.take_bindings(set);
        let kind = match self.module.expr(set) {
            Expr::RecAttrset(_) => NameKind::RecAttrset,
            _ => NameKind::PlainAttrset,
        };
        self.insert_path(&mut builder, attrs, value, kind);
        self.put_bindings(set, builder);
    }

    /// Moves the attributes of the set `from` into `into` (`a = { b = 1; }; a = { c = 2; };`
    /// is not allowed, but `a.b = 1; a = { c = 2; };` is).
    fn merge_sets(&mut self, into: ExprId, from: ExprId) {
        let added = self.take_bindings(from).bindings;
        let mut builder = self.take_bindings(into);
        let offset = builder.bindings.inherit_froms.len();
        builder.bindings.inherit_froms.extend(added.inherit_froms);
        for (name, value) in added.statics {
            let text = self.module.name(name).text.clone();
            if builder.index.contains_key(&text) {
                continue;
            }
            let value = match value {
                BindingValue::InheritFrom(i) => BindingValue::InheritFrom(i + offset),
                other => other,
            };
            builder.index.insert(text, builder.bindings.statics.len());
            builder.bindings.statics.push((name, value));
        }
        builder.bindings.dynamics.extend(added.dynamics);
        self.put_bindings(into, builder);
    }
}

#[derive(Default)]
struct BindingsBuilder {
    bindings: Bindings,
    index: FxHashMap<SmolStr, usize>,
}

fn static_name(attr: &ast::Attr) -> Option<SmolStr> {
    let name = match attr {
        ast::Attr::Ident(ident) => ident.name(),
        ast::Attr::Str(s) => s.static_value(),
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Str(s) => s.static_value(),
            _ => None,
        },
    };
    name.map(SmolStr::from)
}

fn lower_literal(lit: &ast::Literal) -> Literal {
    let text = lit
        .token()
        .map(|t| t.text().to_string())
        .unwrap_or_default();
    match lit.kind() {
        Some(ast::LiteralKind::Integer) => Literal::Int(text.parse().unwrap_or(i64::MAX)),
        Some(ast::LiteralKind::Float) => {
            Literal::Float(text.parse::<f64>().unwrap_or(f64::INFINITY).to_bits())
        }
        _ => Literal::Uri(text),
    }
}
