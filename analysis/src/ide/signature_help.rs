//! Signature help: the function applied at the cursor and the parameter being typed, for
//! builtins (with their docs) and for lambdas the analyzer can see (with their RFC 145 doc
//! comment). A lambda's pattern `{ a, b ? 1 }` shows each formal as a parameter; inside the
//! set given to it, the active one is the formal being bound.

use super::{binding_values, doc_comments::doc_comment, name_value};
use crate::builtin_docs::builtin_doc;
use crate::db::{Db, SourceFile, lower, name_resolution, parse};
use crate::hir::NodePtr;
use crate::name_res::ResolveResult;
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxNode, TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `map f list`, `f { a, b ? … }`.
    pub label: String,
    /// Each parameter's byte range in `label`.
    pub parameters: Vec<TextRange>,
    pub active_parameter: Option<usize>,
    /// Markdown.
    pub documentation: Option<String>,
}

pub fn signature_help(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<SignatureHelp> {
    let root = parse(db, file).syntax();
    let call = call_at(&root, offset)?;
    let head = call.head.clone().unparenthesized();
    let (_, source_map) = lower(db, file);
    let resolution = name_resolution(db, file);
    let builtin = |name: &str| {
        let doc = builtin_doc(name).filter(|d| d.is_function())?;
        let label = doc.signature();
        // The parameters follow the name, one space before each.
        let mut at = label.len() - doc.params.iter().map(|p| p.len() + 1).sum::<usize>();
        let mut parameters = Vec::new();
        for p in doc.params {
            at += 1;
            parameters.push(TextRange::at((at as u32).into(), TextSize::of(*p)));
            at += p.len();
        }
        let active = call.active.filter(|a| *a < parameters.len());
        Some(SignatureHelp {
            label,
            parameters,
            active_parameter: active,
            documentation: Some(doc.doc.to_string()),
        })
    };
    match &head {
        ast::Expr::Ident(ident) => {
            let expr = *source_map.node_to_expr.get(&NodePtr::new(ident.syntax()))?;
            match resolution.get(expr)? {
                ResolveResult::Builtin(name) => builtin(name),
                ResolveResult::Definition(name) => {
                    let (module, _) = lower(db, file);
                    let value = name_value(&binding_values(module), resolution, *name)?;
                    let lambda = source_map.expr_node(value)?.to_node(&root);
                    let lambda = ast::Lambda::cast(lambda)?;
                    let binding = lambda
                        .syntax()
                        .ancestors()
                        .find(|n| n.kind() == ATTRPATH_VALUE);
                    let docs = binding.as_ref().and_then(doc_comment);
                    lambda_signature(&module.name(*name).text, &lambda, &call, docs)
                }
                ResolveResult::WithExprs(_) => None,
            }
        }
        ast::Expr::Select(select) => {
            // `builtins.name`
            let base = select.expr()?;
            let base_expr = *source_map.node_to_expr.get(&NodePtr::new(base.syntax()))?;
            let is_builtins = matches!(resolution.get(base_expr), Some(ResolveResult::Builtin(b)) if b == "builtins");
            let path = select.attrpath()?;
            let mut attrs = path.attrs();
            let name = attrs.next()?.static_name()?;
            (is_builtins && attrs.next().is_none()).then(|| builtin(&name))?
        }
        _ => None,
    }
}

/// A call around the cursor: what is applied, its arguments so far, and which argument
/// the cursor is on (`None` while the function's own name is being typed).
struct Call {
    head: ast::Expr,
    active: Option<usize>,
    /// The formal being bound, when the cursor is in a set given as an argument.
    binding_name: Option<String>,
}

fn call_at(root: &SyntaxNode, offset: TextSize) -> Option<Call> {
    if let Some(call) = call_in_set_argument(root, offset) {
        return Some(call);
    }
    // The last token before the cursor that is not whitespace or a comment.
    let mut left = root.token_at_offset(offset).left_biased()?;
    while left.kind().is_trivia() {
        left = left.prev_token()?;
    }
    let end = left.text_range().end();
    // The expression that token ends, then the applications it is the last argument of.
    let mut node = left.parent()?;
    while let Some(parent) = node
        .parent()
        .filter(|p| matches!(p.kind(), ATTRPATH | SELECT) && p.text_range().end() == end)
    {
        node = parent;
    }
    while let Some(parent) = node
        .parent()
        .filter(|p| p.kind() == APPLY && p.text_range().end() == end)
    {
        node = parent;
    }
    let (head, args) = flatten(&node)?;
    let typed_after = offset > end;
    let active = match (args.len(), typed_after) {
        (n, true) => Some(n),
        (0, false) => None,
        (n, false) => Some(n - 1),
    };
    active?;
    Some(Call {
        head,
        active,
        binding_name: None,
    })
}

/// `f { a = 1; | }`: the cursor inside a set that is an argument of a call.
fn call_in_set_argument(root: &SyntaxNode, offset: TextSize) -> Option<Call> {
    let token = root.token_at_offset(offset).left_biased()?;
    let set = token.parent_ancestors().find(|n| n.kind() == ATTR_SET)?;
    let inside = set.first_token()?.text_range().end() <= offset
        && offset <= set.last_token()?.text_range().start();
    let apply = set.parent().filter(|p| p.kind() == APPLY)?;
    if !inside || apply.last_child().as_ref() != Some(&set) {
        return None;
    }
    let mut top = apply;
    while let Some(parent) = top
        .parent()
        .filter(|p| p.kind() == APPLY && p.first_child().as_ref() == Some(&top))
    {
        top = parent;
    }
    let (head, args) = flatten(&top)?;
    let index = args.iter().position(|a| a.syntax() == &set)?;
    let binding_name = token
        .parent_ancestors()
        .take_while(|n| n != &set)
        .find_map(ast::AttrpathValue::cast)
        .and_then(|b| b.attrpath()?.attrs().next()?.static_name());
    Some(Call {
        head,
        active: Some(index),
        binding_name,
    })
}

/// `f a b` as `(f, [a, b])`; any other expression as itself with no arguments.
fn flatten(node: &SyntaxNode) -> Option<(ast::Expr, Vec<ast::Expr>)> {
    let mut args = Vec::new();
    let mut head = ast::Expr::cast(node.clone())?;
    while let ast::Expr::Apply(apply) = &head {
        args.push(apply.argument()?);
        head = apply.lambda()?;
    }
    args.reverse();
    Some((head, args))
}

/// `name a b` for curried `a: b: …`; a pattern contributes its formals, each a parameter.
fn lambda_signature(
    name: &str,
    lambda: &ast::Lambda,
    call: &Call,
    documentation: Option<String>,
) -> Option<SignatureHelp> {
    let mut label = name.to_string();
    let mut parameters = Vec::new();
    // For each curried argument, its parameters' indices and formal names.
    let mut per_argument: Vec<Vec<(usize, Option<String>)>> = Vec::new();
    let mut current = Some(lambda.clone());
    while let Some(lambda) = current {
        let mut params = Vec::new();
        match lambda.param()? {
            ast::Param::IdentParam(p) => {
                label.push(' ');
                let start = TextSize::of(&label);
                label.push_str(p.ident_token()?.text());
                params.push((parameters.len(), None));
                parameters.push(TextRange::new(start, TextSize::of(&label)));
            }
            ast::Param::Pattern(p) => {
                label.push_str(" {");
                for (i, entry) in p.pat_entries().enumerate() {
                    label.push_str(if i == 0 { " " } else { ", " });
                    let start = TextSize::of(&label);
                    let formal = entry.ident_token()?.text().to_string();
                    label.push_str(&formal);
                    if entry.default().is_some() {
                        label.push_str(" ? …");
                    }
                    params.push((parameters.len(), Some(formal)));
                    parameters.push(TextRange::new(start, TextSize::of(&label)));
                }
                if p.ellipsis_token().is_some() {
                    label.push_str(if params.is_empty() { " ..." } else { ", ..." });
                }
                label.push_str(" }");
            }
        }
        per_argument.push(params);
        current = match lambda.body() {
            Some(ast::Expr::Lambda(inner)) => Some(inner),
            _ => None,
        };
    }
    let active = call.active.and_then(|i| {
        let params = per_argument.get(i)?;
        match &call.binding_name {
            Some(bound) => params
                .iter()
                .find(|(_, formal)| formal.as_deref() == Some(bound.as_str())),
            None => params.first(),
        }
        .map(|(index, _)| *index)
    });
    Some(SignatureHelp {
        label,
        parameters,
        active_parameter: active,
        documentation,
    })
}
