//! Options in a module: completion of the option paths a module sets (`services.web.|`,
//! nested sets, under `config = { … }` and `mkIf`/`mkMerge`/`mkDefault`/`mkForce`), and
//! hover on one (type, description, where it is declared), and diagnostics of what it sets.
//! The module system is found without configuration (`module_system.rs`); its `options`
//! are evaluated.

use super::completion::{CompletionItem, CompletionKind};
use super::hover::HoverResult;
use super::module_system::{ModuleSystem, module_system};
use crate::db::{SourceFile, parse};
use crate::evaluation::{Answer, Evaluator, Failure, OptionInfo, Query, Question};
use syntax::SyntaxKind::*;
use syntax::ast::{self, AstNode};
use syntax::{SyntaxNode, TextRange, TextSize};

/// The set a module's body is: the file's set, or the body of its function.
pub(crate) fn module_body(root: &SyntaxNode) -> Option<SyntaxNode> {
    let mut node = root.first_child()?;
    loop {
        match node.kind() {
            ATTR_SET => return Some(node),
            LAMBDA => node = ast::Lambda::cast(node)?.body()?.syntax().clone(),
            LET_IN => node = ast::LetIn::cast(node)?.body()?.syntax().clone(),
            PAREN => node = node.first_child()?,
            _ => return None,
        }
    }
}

fn binding_names(binding: &SyntaxNode) -> Option<Vec<String>> {
    ast::AttrpathValue::cast(binding.clone())?
        .attrpath()?
        .attrs()
        .map(|a| a.static_name())
        .collect()
}

/// The path from `body` down to `set` (through bindings, and through applications,
/// lists and parentheses: `mkIf c { … }`, `mkMerge [ { … } ]`).
fn path_to(body: &SyntaxNode, set: &SyntaxNode) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut node = set.clone();
    while node != *body {
        let parent = node.parent()?;
        match parent.kind() {
            APPLY | PAREN | LIST => node = parent,
            ATTRPATH_VALUE => {
                let mut names = binding_names(&parent)?;
                names.extend(path);
                path = names;
                node = parent.parent().filter(|p| p.kind() == ATTR_SET)?;
            }
            _ => return None,
        }
    }
    Some(path)
}

/// The option path the cursor completes (the names before it) or is on (`at`).
struct OptionPlace {
    before: Vec<String>,
    at: Option<(String, TextRange)>,
}

/// The binding whose `=` is the last thing before the cursor (`enable = |`): the parser
/// may leave the space after it outside the binding.
fn binding_after_eq(token: &syntax::SyntaxToken) -> Option<SyntaxNode> {
    let mut t = token.clone();
    while t.kind().is_trivia() {
        t = t.prev_token()?;
    }
    (t.kind() == EQ)
        .then(|| t.parent())
        .flatten()
        .filter(|p| p.kind() == ATTRPATH_VALUE)
}

fn option_place(root: &SyntaxNode, offset: TextSize) -> Option<OptionPlace> {
    let body = module_body(root)?;
    let token = root.token_at_offset(offset).left_biased()?;
    if binding_after_eq(&token).is_some() {
        return None; // a value, not a name
    }
    let (set, mut before, at) = match token.parent_ancestors().find(|n| n.kind() == ATTRPATH) {
        Some(attrpath) if attrpath.parent()?.kind() == ATTRPATH_VALUE => {
            let mut before = Vec::new();
            let mut at = None;
            for attr in ast::Attrpath::cast(attrpath.clone())?.attrs() {
                let range = attr.syntax().text_range();
                if range.end() < offset {
                    before.push(attr.static_name()?);
                } else if range.contains_inclusive(offset) {
                    at = attr.static_name().map(|n| (n, range));
                    break;
                }
            }
            (attrpath.parent()?.parent()?, before, at)
        }
        _ => (token.parent()?, Vec::new(), None),
    };
    if set.kind() != ATTR_SET {
        return None;
    }
    let mut path = path_to(&body, &set)?;
    path.append(&mut before);
    if path.is_empty() && at.as_ref().is_some_and(|(n, _)| n == "imports") {
        return None;
    }
    let path = config_path(&body, path)?;
    Some(OptionPlace { before: path, at })
}

/// A path in a module's body as an option path: under `config` when the module declares
/// `options` or `config`, never under `imports`, `options` or `_module`.
fn config_path(body: &SyntaxNode, mut path: Vec<String>) -> Option<Vec<String>> {
    let explicit = ast::bindings_of(body).into_iter().any(|b| match b {
        ast::Binding::AttrpathValue(b) => b
            .attrpath()
            .and_then(|p| p.attrs().next())
            .and_then(|a| a.static_name())
            .is_some_and(|n| n == "options" || n == "config"),
        ast::Binding::Inherit(_) => false,
    });
    if explicit {
        if path.first().map(String::as_str) != Some("config") {
            return None;
        }
        path.remove(0);
        return Some(path);
    }
    match path.first().map(String::as_str) {
        Some("imports" | "options" | "_module") => None,
        _ => Some(path),
    }
}

/// The option whose value the cursor is in (`enable = |`), as its path.
fn value_place(root: &SyntaxNode, offset: TextSize) -> Option<Vec<String>> {
    let body = module_body(root)?;
    let token = root.token_at_offset(offset).left_biased()?;
    let binding = binding_after_eq(&token).or_else(|| {
        token
            .parent_ancestors()
            .find(|n| n.kind() == ATTRPATH_VALUE)
    })?;
    let b = ast::AttrpathValue::cast(binding.clone())?;
    if offset <= b.attrpath()?.syntax().text_range().end() {
        return None;
    }
    // Only a value being typed: nothing yet, a name, or a string.
    if let Some(value) = b.value()
        && !matches!(value.syntax().kind(), IDENT_NODE | STRING | ERROR)
    {
        return None;
    }
    let set = binding.parent().filter(|p| p.kind() == ATTR_SET)?;
    let mut path = path_to(&body, &set)?;
    path.extend(binding_names(&binding)?);
    config_path(&body, path)
}

/// Asks about the `options` of the configuration `file` belongs to (`None`: it belongs to
/// none), reading the module as saved: its options are the same, and the evaluator stays
/// warm while the module is typed in (each keystroke would otherwise start the
/// configuration's evaluation again, about a second for home-manager). Its current text
/// is used when the saved one fails to evaluate (not saved yet, or saved broken).
fn ask_configuration(
    ev: &Evaluator,
    file: SourceFile,
    question: Question,
) -> Option<Result<Answer, Failure>> {
    let system = module_system(ev.db, ev.workspace, ev.options, file.path(ev.db))?;
    Some(ask_system(ev, file, system, question))
}

/// `ask_configuration`, for a module whose system is already known.
fn ask_system(
    ev: &Evaluator,
    file: SourceFile,
    system: ModuleSystem,
    question: Question,
) -> Result<Answer, Failure> {
    let path = file.path(ev.db);
    let query = Query {
        expr: format!("{}.options", system.expr),
        base_dir: system.base_dir,
        question,
        saved: Vec::new(),
    };
    let saved = Query {
        saved: vec![path.to_path_buf()],
        ..query.clone()
    };
    match ev.service.ask(saved, ev.wait) {
        Err(Failure::Evaluation(_)) => ev.service.ask(query, ev.wait),
        other => other,
    }
}

/// The options and namespaces that can be set at the cursor, in a module of a
/// configuration; `None` where there is no such module, `Some(Err(_))` when the evaluator
/// has not answered (yet).
pub fn option_completions(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<Result<Vec<CompletionItem>, Failure>> {
    let root = parse(ev.db, file).syntax();
    let place = option_place(&root, offset)?;
    Some(
        ask_configuration(ev, file, Question::OptionNames(place.before))?.and_then(|answer| {
            match answer {
                Answer::OptionNames(names) => Ok(names
                    .into_iter()
                    .map(|(label, _)| CompletionItem {
                        label,
                        kind: CompletionKind::Attribute,
                    })
                    .collect()),
                _ => Err(Failure::NotASet("value")),
            }
        }),
    )
}

/// The option path the cursor is on, and what the configuration says of it.
fn option_at_cursor(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<(String, TextRange, OptionInfo)> {
    let root = parse(ev.db, file).syntax();
    let place = option_place(&root, offset)?;
    let (name, range) = place.at?;
    let mut path = place.before;
    path.push(name);
    let shown = path.join(".");
    match ask_configuration(ev, file, Question::OptionAt(path))?.ok()? {
        Answer::Option(info) => Some((shown, range, info)),
        _ => None,
    }
}

/// Completion of an option's value: `true`/`false` for a Boolean, the members of an enum.
/// `None` where no option's value is typed, `Some(Err(_))` when the evaluator has not
/// answered (yet).
pub fn option_value_completions(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<Result<Vec<CompletionItem>, Failure>> {
    let root = parse(ev.db, file).syntax();
    let path = value_place(&root, offset)?;
    Some(
        ask_configuration(ev, file, Question::OptionAt(path))?.map(|answer| match answer {
            Answer::Option(info) => info
                .values
                .into_iter()
                .map(|label| CompletionItem {
                    label,
                    kind: CompletionKind::Keyword,
                })
                .collect(),
            _ => Vec::new(),
        }),
    )
}

/// Go to definition on an option a module sets: where it is declared.
pub fn option_definition(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
) -> Option<Vec<super::NavigationTarget>> {
    let (_, _, info) = option_at_cursor(ev, file, offset)?;
    let targets: Vec<super::NavigationTarget> = if info.positions.is_empty() {
        info.declarations
            .into_iter()
            .map(|path| super::NavigationTarget {
                path,
                range: TextRange::empty(0.into()),
            })
            .collect()
    } else {
        info.positions
            .into_iter()
            .map(|(path, line)| {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let start: usize = text
                    .split_inclusive('\n')
                    .take(line as usize - 1)
                    .map(str::len)
                    .sum();
                super::NavigationTarget {
                    path,
                    range: TextRange::empty(TextSize::from(start as u32)),
                }
            })
            .collect()
    };
    (!targets.is_empty()).then_some(targets)
}

/// Hover on an option a module sets: its type, description and declarations.
pub fn option_hover(ev: &Evaluator, file: SourceFile, offset: TextSize) -> Option<HoverResult> {
    let (shown, range, info) = option_at_cursor(ev, file, offset)?;
    let markdown = option_markdown(&shown, &info);
    Some(HoverResult { markdown, range })
}

fn option_markdown(shown: &str, info: &OptionInfo) -> String {
    let mut markdown = format!("```nix\n{shown}: {}\n```\n", info.type_description);
    if let Some(d) = &info.description {
        markdown.push('\n');
        markdown.push_str(d.trim());
        markdown.push('\n');
    }
    for decl in &info.declarations {
        markdown.push_str(&format!("\n*declared in* `{}`\n", decl.display()));
    }
    markdown
}

/// For `completionItem/resolve`: the type and documentation of option `label` where the
/// cursor completes an option path.
pub(crate) fn option_documentation(
    ev: &Evaluator,
    file: SourceFile,
    offset: TextSize,
    label: &str,
) -> Option<(String, String)> {
    let root = parse(ev.db, file).syntax();
    let mut path = option_place(&root, offset)?.before;
    path.push(label.to_string());
    let shown = path.join(".");
    match ask_configuration(ev, file, Question::OptionAt(path))?.ok()? {
        Answer::Option(info) => Some((
            info.type_description.clone(),
            option_markdown(&shown, &info),
        )),
        _ => None,
    }
}

/// One setting of a module: its option path (each name with where it is written), and the
/// literal text of its value when it is a literal.
struct Setting {
    path: Vec<(String, TextRange)>,
    value: Option<(String, TextRange)>,
}

/// The text of a value when it is a literal Nix can read back alone (no variables, no
/// relative paths).
fn literal(value: &ast::Expr) -> Option<String> {
    let plain = match value {
        ast::Expr::Str(s) => s.static_value().is_some(),
        ast::Expr::Literal(_) => true,
        ast::Expr::Ident(i) => matches!(i.name().as_deref(), Some("true" | "false" | "null")),
        ast::Expr::List(l) => l.items().all(|i| literal(&i).is_some()),
        _ => false,
    };
    plain.then(|| value.syntax().text().to_string())
}

/// Every setting in a module's body: through nested sets and `mkIf`-style applications
/// whose last argument is a set (an explicit stack: sets nest without bound).
fn settings(body: &SyntaxNode) -> Vec<Setting> {
    let mut out = Vec::new();
    let mut stack: Vec<(SyntaxNode, Vec<(String, TextRange)>)> = vec![(body.clone(), Vec::new())];
    while let Some((set, prefix)) = stack.pop() {
        for binding in ast::bindings_of(&set) {
            let ast::Binding::AttrpathValue(b) = binding else {
                continue;
            };
            let Some(attrpath) = b.attrpath() else {
                continue;
            };
            let mut path = prefix.clone();
            let names: Option<Vec<(String, TextRange)>> = attrpath
                .attrs()
                .map(|a| Some((a.static_name()?, a.syntax().text_range())))
                .collect();
            let Some(names) = names else {
                continue;
            };
            path.extend(names);
            let Some(value) = b.value().map(|v| v.unparenthesized()) else {
                continue;
            };
            let mut inner = value.syntax().clone();
            // `mkIf c { … }`, `mkDefault { … }`, `mkMerge [ … ]` are looked through.
            while inner.kind() == APPLY {
                match inner.last_child() {
                    Some(arg) => inner = arg,
                    None => break,
                }
            }
            if inner.kind() == PAREN {
                inner = inner.first_child().unwrap_or(inner);
            }
            match ast::Expr::cast(inner.clone()) {
                Some(ast::Expr::AttrSet(s)) if !s.is_rec() => {
                    stack.push((inner, path));
                }
                Some(ast::Expr::List(l)) if value.syntax().kind() == APPLY => {
                    for item in l.items() {
                        if let ast::Expr::AttrSet(s) = item.unparenthesized()
                            && !s.is_rec()
                        {
                            stack.push((s.syntax().clone(), path.clone()));
                        }
                    }
                }
                _ => out.push(Setting {
                    path,
                    value: literal(&value).map(|t| (t, value.syntax().text_range())),
                }),
            }
        }
    }
    out
}

/// Diagnostics of a module against its configuration's options: options that do not exist
/// (with the closest name as a fix), literal values of the wrong type, renamed options
/// (with the new name as a fix) and removed ones.
/// The literal `text` written as the type wants it, when its meaning is plain: a quoted
/// yes/no for a boolean, a quoted number for an integer, a number or Boolean for a string.
fn retyped(text: &str, type_description: &str) -> Option<String> {
    let quoted = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|t| !t.contains(['"', '\\', '$']));
    let wants = |word: &str| type_description.split([' ', ';', ',']).any(|w| w == word);
    match quoted {
        Some(inner) if wants("boolean") => match inner.to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" | "1" => Some("true".into()),
            "no" | "false" | "off" | "0" => Some("false".into()),
            _ => None,
        },
        Some(inner) if wants("integer") => inner.parse::<i64>().ok().map(|n| n.to_string()),
        None if wants("string")
            && (text.parse::<f64>().is_ok() || text == "true" || text == "false") =>
        {
            Some(format!("\"{text}\""))
        }
        _ => None,
    }
}

/// The option diagnostics of a module; `pending` is set when the evaluator has not
/// answered in time (the caller asks again later).
pub fn option_diagnostics(
    ev: &Evaluator,
    file: SourceFile,
    pending: &mut bool,
) -> Vec<crate::Diagnostic> {
    let db = ev.db;
    use crate::{Diagnostic, DiagnosticCode, Fix, TextEdit};
    let Some(system) = module_system(db, ev.workspace, ev.options, file.path(db)) else {
        return Vec::new();
    };
    let root = parse(db, file).syntax();
    let Some(body) = module_body(&root) else {
        return Vec::new();
    };
    // Option paths only (under `config` in a module that declares options).
    let mut checked: Vec<Setting> = Vec::new();
    for mut s in settings(&body) {
        let names: Vec<String> = s.path.iter().map(|(n, _)| n.clone()).collect();
        let Some(option_path) = config_path(&body, names.clone()) else {
            continue;
        };
        let dropped = names.len() - option_path.len();
        s.path.drain(..dropped);
        if !s.path.is_empty() {
            checked.push(s);
        }
    }
    if checked.is_empty() {
        return Vec::new();
    }
    let asks = checked
        .iter()
        .map(|s| {
            let path = s.path.iter().map(|(n, _)| n.clone()).collect();
            (path, s.value.as_ref().map(|(t, _)| t.clone()))
        })
        .collect();
    let problems = match ask_system(ev, file, system, Question::OptionCheck(asks)) {
        Ok(Answer::OptionProblems(problems)) => problems,
        Err(Failure::TimedOut | Failure::Cancelled) => {
            *pending = true;
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for (i, problem) in problems {
        let Some(setting) = checked.get(i) else {
            continue;
        };
        let shown = |upto: usize| {
            setting.path[..upto]
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(".")
        };
        let last = setting.path.len();
        match problem {
            crate::evaluation::OptionProblem::Unknown { at, names } => {
                let Some((name, range)) = setting.path.get(at) else {
                    continue;
                };
                let closest = names
                    .iter()
                    .filter(|n| !n.starts_with('_'))
                    .map(|n| (strsim::osa_distance(name, n), n))
                    .filter(|(d, n)| *d <= 2.max(n.len() / 3))
                    .min();
                let mut d = Diagnostic::new(
                    DiagnosticCode::OptionUnknown,
                    *range,
                    format!("no option `{}` in this configuration", shown(at + 1)),
                );
                if let Some((_, better)) = closest {
                    d.message.push_str(&format!("; did you mean `{better}`?"));
                    d.fix = Some(Fix {
                        title: format!("change to `{better}`"),
                        edits: vec![TextEdit::replace(*range, better.clone())],
                        automatic: false,
                    });
                }
                out.push(d);
            }
            crate::evaluation::OptionProblem::WrongType { type_description } => {
                let Some((text, range)) = &setting.value else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    DiagnosticCode::OptionType,
                    *range,
                    format!(
                        "`{}` is set to {text}, which is not {type_description}",
                        shown(last)
                    ),
                );
                if let Some(value) = retyped(text, &type_description) {
                    d.fix = Some(Fix {
                        title: format!("change to `{value}`"),
                        edits: vec![TextEdit::replace(*range, value)],
                        automatic: false,
                    });
                }
                out.push(d);
            }
            crate::evaluation::OptionProblem::Renamed { to } => {
                let first = setting.path[0].1;
                let end = setting.path[last - 1].1;
                let mut d = Diagnostic::new(
                    DiagnosticCode::OptionRenamed,
                    first.cover(end),
                    format!("`{}` has been renamed to `{to}`", shown(last)),
                );
                // One attribute path holds the whole name: it can be rewritten.
                let text = root.text().to_string();
                let span = &text[first.cover(end)];
                if !span.contains(['{', '=', '\n']) {
                    d.fix = Some(Fix {
                        title: format!("use `{to}`"),
                        edits: vec![TextEdit::replace(first.cover(end), to)],
                        automatic: false,
                    });
                }
                out.push(d);
            }
            crate::evaluation::OptionProblem::Removed { message } => {
                let first = setting.path[0].1;
                let end = setting.path[last - 1].1;
                out.push(Diagnostic::new(
                    DiagnosticCode::OptionRemoved,
                    first.cover(end),
                    message,
                ));
            }
        }
    }
    out
}
