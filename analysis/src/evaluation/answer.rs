//! Answering one question with the evaluator: the names of a set, or what one of its
//! attributes is (type, a short rendering, where it was defined).

use super::{Answer, Failure, Query, Question, SourcePos, ValueInfo};
use eval::source::Origin;
use eval::symbol::Symbol;
use eval::{ErrorKind, EvalError, Machine, Pos, Value};
use std::path::Path;

fn failure(e: &EvalError) -> Failure {
    match e.kind {
        ErrorKind::Interrupted => Failure::Cancelled,
        // Budgets: the evaluator's state is suspect after one (thunks remember the error).
        ErrorKind::LimitExceeded => Failure::TimedOut,
        _ => Failure::Evaluation(e.message.clone()),
    }
}

pub fn answer(m: &mut Machine, query: &Query) -> Result<Answer, Failure> {
    let value = m
        .eval_source(Origin::Text("«editor»"), &query.expr, &query.base_dir)
        .map_err(|e| failure(&e))?;
    match &query.question {
        Question::Itself => return Ok(Answer::Value(describe(m, &value, Pos::NONE))),
        Question::OptionNames(path) | Question::OptionAt(path) => {
            return options_answer(m, &value, path, &query.question).map_err(|e| failure(&e));
        }
        Question::OptionCheck(checks) => {
            return option_check(m, &value, checks).map_err(|e| failure(&e));
        }
        _ => {}
    }
    let attrs = match &value {
        Value::Attrs(a) => a.clone(),
        other => return Err(Failure::NotASet(other.type_of())),
    };
    match &query.question {
        Question::Names => {
            let mut names: Vec<String> = attrs.iter().map(|a| a.name.name().to_string()).collect();
            names.sort();
            Ok(Answer::Names(names))
        }
        Question::Describe(name) => {
            let Some(attr) = attrs.get_attr(Symbol::new(name)).cloned() else {
                return Err(Failure::Evaluation(format!("attribute '{name}' missing")));
            };
            let value = m.force(&attr.value).map_err(|e| failure(&e))?;
            Ok(Answer::Value(describe(m, &value, attr.pos)))
        }
        Question::Itself
        | Question::OptionNames(_)
        | Question::OptionAt(_)
        | Question::OptionCheck(_) => unreachable!("answered above"),
    }
}

const OPTION_NAMES: &str = include_str!("option-names.nix");

fn string_field(
    m: &mut Machine,
    attrs: &eval::value::Attrs,
    name: &str,
) -> eval::EvalResult<Option<String>> {
    let Some(v) = attrs.get(Symbol::new(name)).cloned() else {
        return Ok(None);
    };
    Ok(match m.force(&v)? {
        Value::String(s) => Some(s.as_str().to_string()),
        // `{ _type = "mdDoc"; text = …; }` and the like.
        Value::Attrs(a) => match a.get(Symbol::new("text")).cloned() {
            Some(t) => Some(m.force_plain_str(&t, Pos::NONE)?.to_string()),
            None => None,
        },
        _ => None,
    })
}

/// The names under an option path, or the option there (`option-names.nix`).
fn options_answer(
    m: &mut Machine,
    options: &Value,
    path: &[String],
    question: &Question,
) -> eval::EvalResult<Answer> {
    let helper = m.eval_source(
        Origin::Text("«firn»/option-names.nix"),
        OPTION_NAMES,
        Path::new("/"),
    )?;
    let path = Value::list(path.iter().map(|p| Value::string(p.as_str())).collect());
    let result = m.call_n(&helper, &[options.clone(), path], Pos::NONE)?;
    let result = m.force_attrs(&result, Pos::NONE)?;
    let describe = |m: &mut Machine,
                    v: &Value|
     -> eval::EvalResult<Option<(Option<String>, eval::value::Attrs)>> {
        let Value::Attrs(d) = m.force(v)? else {
            return Ok(None);
        };
        let is_option = m.require_attr(&d, Symbol::new("option"), Pos::NONE)?;
        if !m.force_bool(&is_option, Pos::NONE)? {
            return Ok(Some((None, (*d).clone())));
        }
        let t = string_field(m, &d, "type")?;
        Ok(Some((Some(t.unwrap_or_default()), (*d).clone())))
    };
    if let Question::OptionAt(_) = question {
        let target = m.require_attr(&result, Symbol::new("target"), Pos::NONE)?;
        let Some((Some(type_description), d)) = describe(m, &target)? else {
            return Err(eval::EvalError::new(
                ErrorKind::Eval,
                "not an option",
                Pos::NONE,
            ));
        };
        let description = string_field(m, &d, "description")?;
        let declarations = m.require_attr(&d, Symbol::new("declarations"), Pos::NONE)?;
        let declarations = m.force_list(&declarations, Pos::NONE)?;
        let mut files = Vec::new();
        for decl in declarations.iter() {
            let text = m.coerce_to_string(decl, Pos::NONE, eval::CoerceMode::path_part())?;
            if let Some(real) = m.mounts.translate(Path::new(text.as_str())) {
                files.push(real);
            }
        }
        let mut positions = Vec::new();
        let list = m.require_attr(&d, Symbol::new("positions"), Pos::NONE)?;
        for p in m.force_list(&list, Pos::NONE)?.iter() {
            let p = m.force_attrs(p, Pos::NONE)?;
            let file = m.require_attr(&p, Symbol::new("file"), Pos::NONE)?;
            let file = m.coerce_to_string(&file, Pos::NONE, eval::CoerceMode::path_part())?;
            let line = m.require_attr(&p, Symbol::new("line"), Pos::NONE)?;
            let line = m.force_int(&line, Pos::NONE)?;
            if let Some(real) = m.mounts.translate(Path::new(file.as_str())) {
                positions.push((real, line.max(1) as u32));
            }
        }
        let mut values = Vec::new();
        let list = m.require_attr(&d, Symbol::new("values"), Pos::NONE)?;
        for v in m.force_list(&list, Pos::NONE)?.iter() {
            let v = m.force(v)?;
            // `{ text; }`: Nix text as is (a package's default, `pkgs.git`).
            if let Value::Attrs(a) = &v
                && let Some(text) = a.get(Symbol::new("text"))
            {
                let text = m.force(&text.clone())?;
                values.push(m.force_plain_str(&text, Pos::NONE)?.to_string());
                continue;
            }
            values.push(eval::print::show_value_short(&v));
        }
        return Ok(Answer::Option(super::OptionInfo {
            type_description,
            description,
            declarations: files,
            positions,
            values,
        }));
    }
    let names = m.require_attr(&result, Symbol::new("names"), Pos::NONE)?;
    let names = m.force_attrs(&names, Pos::NONE)?;
    let mut out = Vec::new();
    for a in names.sorted_by_name() {
        let kind = describe(m, &a.value)?.and_then(|(t, _)| t);
        out.push((a.name.name().to_string(), kind));
    }
    Ok(Answer::OptionNames(out))
}

const OPTION_CHECK: &str = include_str!("option-check.nix");

/// Checks what a module sets (`option-check.nix`); one failing check is left out, not the
/// others.
fn option_check(
    m: &mut Machine,
    options: &Value,
    checks: &[(Vec<String>, Option<String>)],
) -> eval::EvalResult<Answer> {
    let mut source = String::from("[\n");
    for (path, value) in checks {
        let names: Vec<String> = path.iter().map(|p| super::slice::quoted(p)).collect();
        source.push_str(&format!("{{ path = [ {} ];", names.join(" ")));
        if let Some(v) = value {
            source.push_str(&format!(" value = ({v});"));
        }
        source.push_str(" }\n");
    }
    source.push(']');
    let list = m.eval_source(Origin::Text("«firn»/checks"), &source, Path::new("/"))?;
    let helper = m.eval_source(
        Origin::Text("«firn»/option-check.nix"),
        OPTION_CHECK,
        Path::new("/"),
    )?;
    let results = m.call_n(&helper, &[options.clone(), list], Pos::NONE)?;
    let results = m.force_list(&results, Pos::NONE)?;
    let mut problems = Vec::new();
    for (i, r) in results.iter().enumerate() {
        if let Ok(Some(p)) = one_check(m, r) {
            problems.push((i, p));
        }
    }
    Ok(Answer::OptionProblems(problems))
}

fn one_check(m: &mut Machine, r: &Value) -> eval::EvalResult<Option<super::OptionProblem>> {
    use super::OptionProblem;
    let r = m.force_attrs(r, Pos::NONE)?;
    if let Some(at) = r.get(Symbol::new("missing")).cloned() {
        let at = m.force_int(&at, Pos::NONE)? as usize;
        let names = m.require_attr(&r, Symbol::new("names"), Pos::NONE)?;
        let mut out = Vec::new();
        for n in m.force_list(&names, Pos::NONE)?.iter() {
            out.push(m.force_plain_str(n, Pos::NONE)?.to_string());
        }
        return Ok(Some(OptionProblem::Unknown { at, names: out }));
    }
    let Some(option) = r.get(Symbol::new("option")).cloned() else {
        return Ok(None);
    };
    if let Some(description) = string_field(m, &r, "description")?
        && let Some(rest) = description.strip_prefix("Alias of {option}`")
        && let Some((to, _)) = rest.split_once('`')
    {
        return Ok(Some(OptionProblem::Renamed { to: to.to_string() }));
    }
    let visible = m.require_attr(&r, Symbol::new("visible"), Pos::NONE)?;
    if matches!(m.force(&visible)?, Value::Bool(false)) {
        // `mkRemovedOptionModule`: the option's `apply` throws why.
        let option = m.force_attrs(&option, Pos::NONE)?;
        if let Some(apply) = option.get(Symbol::new("apply")).cloned()
            && let Err(e) = m.call_n(&apply, &[Value::Null], Pos::NONE)
            && e.message.contains("can no longer be used")
        {
            return Ok(Some(OptionProblem::Removed {
                message: e.message.clone(),
            }));
        }
    }
    if let Some(ok) = r.get(Symbol::new("typeOk")).cloned()
        && !m.force_bool(&ok, Pos::NONE)?
    {
        let type_description = string_field(m, &r, "type")?.unwrap_or_default();
        return Ok(Some(OptionProblem::WrongType { type_description }));
    }
    Ok(None)
}

/// A forced value: a function is defined where its lambda is, a package where its
/// `meta.position` says, anything else where the attribute holding it is (`attr_pos`).
fn describe(m: &mut Machine, value: &Value, attr_pos: Pos) -> ValueInfo {
    let definition = match value {
        Value::Lambda(c) => position(m, c.def.pos),
        Value::Attrs(a) => meta_position(m, a),
        _ => None,
    }
    .or_else(|| position(m, attr_pos));
    ValueInfo {
        type_name: value.type_of().to_string(),
        rendering: eval::print::show_value_short(value),
        definition,
    }
}

/// `meta.position` (`"/path/to/file.nix:12"`) of a derivation, as a place on disk.
fn meta_position(m: &mut Machine, attrs: &eval::value::Attrs) -> Option<SourcePos> {
    let meta = attrs.get(Symbol::new("meta"))?.clone();
    let meta = m.force_attrs(&meta, Pos::NONE).ok()?;
    let position = meta.get(Symbol::new("position"))?.clone();
    let position = m.force_plain_str(&position, Pos::NONE).ok()?;
    let (file, line) = position.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    let real = m.mounts.translate(Path::new(file))?;
    let text = std::fs::read_to_string(&real).ok()?;
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    Some(SourcePos {
        path: real,
        offset: offset as u32,
    })
}

/// A position as a file on disk (store paths of mounted sources translated) and offset.
fn position(m: &Machine, pos: Pos) -> Option<SourcePos> {
    if pos.is_none() {
        return None;
    }
    let file = m.sources.get(pos.file)?;
    let path = file.path()?;
    let real = m.mounts.translate(Path::new(path))?;
    Some(SourcePos {
        path: real,
        offset: pos.offset,
    })
}
