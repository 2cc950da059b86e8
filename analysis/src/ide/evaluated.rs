//! What the evaluator adds where the text alone says nothing: the attributes after `x.`
//! when the analyzer cannot see the set (`lib.`, `nixpkgs.lib.`, an input's outputs), and
//! for `x.name`, hover (the value's type, a short rendering, the RFC 145 doc comment at its
//! definition) and go to definition (into evaluated code, nixpkgs' lib included).

use super::completion::{CompletionItem, CompletionKind};
use super::doc_comments::doc_comment;
use super::goto_definition::NavigationTarget;
use super::hover::HoverResult;
use crate::db::{Db, SourceFile, Workspace, files_by_path, lower, parse};
use crate::evaluation::{Answer, Evaluator, Failure, Query, Question, ValueInfo, slice};
use crate::hir::{ExprId, NodePtr};
use std::path::Path;
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxNode, TextRange, TextSize};

/// A selection the cursor is in: its base expression, the names before the cursor, and
/// (on a name) that name and its range.
struct Selection {
    base: ExprId,
    before: Vec<String>,
    at: Option<(String, TextRange)>,
}

fn selection(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<Selection> {
    let root = parse(db, file).syntax();
    let token = root.token_at_offset(offset).left_biased()?;
    let select = token.parent_ancestors().find(|n| n.kind() == SELECT)?;
    let attrpath = ast::Attrpath::cast(select.children().find(|c| c.kind() == ATTRPATH)?)?;
    let in_path = attrpath.syntax().text_range().contains_inclusive(offset)
        || token.kind() == DOT && token.parent().as_ref() == Some(&select);
    if !in_path {
        return None;
    }
    let base_node = select.first_child()?;
    let (_, source_map) = lower(db, file);
    let base = *source_map.node_to_expr.get(&NodePtr::new(&base_node))?;
    let mut before = Vec::new();
    let mut at = None;
    for attr in attrpath.attrs() {
        let range = attr.syntax().text_range();
        if range.end() < offset {
            before.push(attr.static_name()?);
        } else if range.contains_inclusive(offset) {
            at = attr.static_name().map(|n| (n, range));
            break;
        }
    }
    Some(Selection { base, before, at })
}

/// The attributes the evaluator finds after `x.` (or `x.a.`), when the cursor is there.
pub fn evaluated_completions(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<Result<Vec<CompletionItem>, Failure>> {
    let Evaluator {
        db, service, wait, ..
    } = *ev;
    let sel = selection(db, file, offset)?;
    let (expr, base_dir) = match slice::standalone(ev, file, sel.base, &sel.before) {
        Ok(x) => x,
        Err(e) => return Some(Err(e)),
    };
    let query = Query {
        expr,
        base_dir,
        question: Question::Names,
        saved: Vec::new(),
    };
    Some(service.ask(query, wait).and_then(|answer| {
        match answer {
            Answer::Names(names) => Ok(names
                .into_iter()
                .map(|label| CompletionItem {
                    label,
                    kind: CompletionKind::Attribute,
                })
                .collect()),
            _ => Err(Failure::NotASet("value")),
        }
    }))
}

/// What the name under the cursor evaluates to: `name` in `x.a.name`, or a variable.
/// `None` for the builtins (their documentation says more) and what cannot be evaluated.
fn describe(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<(String, TextRange, ValueInfo)> {
    let Evaluator {
        db, service, wait, ..
    } = *ev;
    let root = parse(db, file).syntax();
    let token = root.token_at_offset(offset).left_biased()?;
    if super::builtins_select::builtin_selected(db, file, &token).is_some() {
        return None;
    }
    let (name, range, query) =
        match selection(db, file, offset).and_then(|s| Some((s.at.clone()?, s))) {
            Some(((name, range), sel)) => {
                let (expr, base_dir) = slice::standalone(ev, file, sel.base, &sel.before).ok()?;
                let question = Question::Describe(name.clone());
                (
                    name,
                    range,
                    Query {
                        expr,
                        base_dir,
                        question,
                        saved: Vec::new(),
                    },
                )
            }
            None => {
                let super::NameAt::Reference(reference) = super::name_at(db, file, offset)? else {
                    return None;
                };
                if !matches!(
                    crate::db::name_resolution(db, file).get(reference),
                    Some(crate::name_res::ResolveResult::Definition(_))
                ) {
                    return None;
                }
                let (_, source_map) = lower(db, file);
                let node = source_map.expr_node(reference)?.to_node(&root);
                let (expr, base_dir) = slice::standalone(ev, file, reference, &[]).ok()?;
                let question = Question::Itself;
                (
                    node.text().to_string(),
                    node.text_range(),
                    Query {
                        expr,
                        base_dir,
                        question,
                        saved: Vec::new(),
                    },
                )
            }
        };
    match service.ask(query, wait).ok()? {
        Answer::Value(info) => Some((name, range, info)),
        _ => None,
    }
}

/// Hover from evaluation.
pub struct EvaluatedHover {
    /// The value's type; its documentation and where it is defined, when found.
    pub documented: Option<HoverResult>,
    /// A short rendering of a value that is not a function.
    pub rendering: Option<String>,
    pub range: TextRange,
}

pub fn evaluated_hover(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<EvaluatedHover> {
    let (name, range, info) = describe(ev, file, offset)?;
    let rendering = (info.type_name != "lambda").then(|| info.rendering.clone());
    let documented =
        documentation(ev, &name, &info).map(|markdown| HoverResult { markdown, range });
    Some(EvaluatedHover {
        documented,
        rendering,
        range,
    })
}

/// A value's documentation: its type, the doc comment where it is defined, where that is,
/// and its rendering; `None` when the definition is not found.
fn documentation(ev: &Evaluator, name: &str, info: &ValueInfo) -> Option<String> {
    let site = info
        .definition
        .as_ref()
        .and_then(|d| definition_site(ev.db, ev.workspace, &d.path, d.offset))?;
    let mut markdown = format!("```nix\n{name}: {}\n```\n", info.type_name);
    if let Some(doc) = site.doc {
        markdown.push('\n');
        markdown.push_str(&doc);
        markdown.push('\n');
    }
    markdown.push_str(&format!(
        "\n*defined in* `{}:{}`\n",
        site.path.display(),
        site.line
    ));
    if info.type_name != "lambda" {
        markdown.push_str(&format!("\n```nix\n{}\n```\n", info.rendering));
    }
    Some(markdown)
}

/// For `completionItem/resolve`: the type and documentation of attribute `label` of the
/// set the cursor selects from (`lib.|` and `mkOption`).
pub(crate) fn attribute_documentation(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
    label: &str,
) -> Option<(String, String)> {
    let sel = selection(ev.db, file, offset)?;
    let (expr, base_dir) = slice::standalone(ev, file, sel.base, &sel.before).ok()?;
    let query = Query {
        expr,
        base_dir,
        question: Question::Describe(label.to_string()),
        saved: Vec::new(),
    };
    let Answer::Value(info) = ev.service.ask(query, ev.wait).ok()? else {
        return None;
    };
    let markdown = documentation(ev, label, &info).unwrap_or_else(|| {
        format!(
            "```nix\n{label}: {}\n```\n\n```nix\n{}\n```\n",
            info.type_name, info.rendering
        )
    });
    Some((info.type_name, markdown))
}

/// Go to definition from evaluation: the binding that defines the value.
pub fn evaluated_definition(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Vec<NavigationTarget> {
    let Evaluator { db, workspace, .. } = *ev;
    let Some((_, _, info)) = describe(ev, file, offset) else {
        return Vec::new();
    };
    info.definition
        .and_then(|d| definition_site(db, workspace, &d.path, d.offset))
        .map(|site| NavigationTarget {
            path: site.path,
            range: site.range,
        })
        .into_iter()
        .collect()
}

struct Site {
    path: std::path::PathBuf,
    range: TextRange,
    line: usize,
    doc: Option<String>,
}

/// The binding around `offset` in `path` (its text from the analyzer when it knows the
/// file, else from disk), with its doc comment.
fn definition_site(
    db: &dyn Db,
    workspace: Option<Workspace>,
    path: &Path,
    offset: u32,
) -> Option<Site> {
    let known = workspace.and_then(|ws| files_by_path(db, ws).get(path).copied());
    let text = match known {
        Some(f) => f.text(db).clone(),
        None => std::fs::read_to_string(path).ok()?,
    };
    let offset = TextSize::from(offset.min(text.len() as u32));
    let line = text[..usize::from(offset)].matches('\n').count() + 1;
    let root = syntax::parse(&text).syntax();
    let binding = root
        .token_at_offset(offset)
        .right_biased()
        .and_then(|t| binding_around(t.parent()?));
    let (range, doc) = match &binding {
        Some(b) => (b.text_range(), doc_comment(b)),
        None => (TextRange::empty(offset), None),
    };
    Some(Site {
        path: path.to_path_buf(),
        range,
        line,
        doc,
    })
}

fn binding_around(node: SyntaxNode) -> Option<SyntaxNode> {
    node.ancestors()
        .find(|n| matches!(n.kind(), ATTRPATH_VALUE | INHERIT))
}
