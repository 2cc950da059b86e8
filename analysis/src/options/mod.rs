//! The option index: every option of a module system's `options` tree, with its path,
//! type, visibility and declarations read at once, and its description, default and
//! example read only when asked (`OptionIndex::doc`). The walk is nixpkgs' own
//! (`lib.optionAttrSetToDocList`): options in name order, each followed by the options of
//! its submodules (`type.getSubOptions`, paths with `<name>` and `*`), unless hidden. The
//! per-option fields come from `entry.nix`, our own expression of what lib documents.
//!
//! An index holds values of the evaluator that built it: it lives where that evaluator
//! lives (the command line, or the evaluation thread).

use eval::source::Origin;
use eval::symbol::Symbol;
use eval::value::Attrs;
use eval::{EvalResult, Machine, Pos, Value};
use serde_json::{Map, Value as Json};
use std::path::Path;
use std::rc::Rc;

const ENTRY: &str = include_str!("entry.nix");

/// One option, with what completion and diagnostics need.
pub struct OptionDoc {
    /// `showOption loc`: `programs.git.enable`, `home.file.<name>.source`.
    pub name: String,
    pub loc: Vec<String>,
    /// The type's description (`boolean`, `list of string`).
    pub type_description: String,
    pub internal: bool,
    pub visible: bool,
    pub read_only: bool,
    pub declarations: Vec<String>,
    /// The lazy entry (`entry.nix`): description, default and example are forced from it.
    entry: Rc<Attrs>,
}

pub struct OptionIndex {
    pub options: Vec<OptionDoc>,
}

fn attr(m: &mut Machine, attrs: &Attrs, name: &str) -> EvalResult<Value> {
    let v = m.require_attr(attrs, Symbol::new(name), Pos::NONE)?;
    m.force(&v)
}

fn bool_attr(m: &mut Machine, attrs: &Attrs, name: &str) -> EvalResult<bool> {
    let v = attr(m, attrs, name)?;
    m.force_bool(&v, Pos::NONE)
}

fn string_list(m: &mut Machine, v: &Value) -> EvalResult<Vec<String>> {
    let list = m.force_list(v, Pos::NONE)?;
    let mut out = Vec::new();
    for item in list.iter() {
        let s = m.coerce_to_string(item, Pos::NONE, eval::CoerceMode::path_part())?;
        out.push(s.as_str().to_string());
    }
    Ok(out)
}

fn is_option(m: &mut Machine, attrs: &Attrs) -> EvalResult<bool> {
    match attrs.get(Symbol::new("_type")) {
        Some(t) => {
            let t = m.force(&t.clone())?;
            Ok(matches!(&t, Value::String(s) if s.as_str() == "option"))
        }
        None => Ok(false),
    }
}

impl OptionIndex {
    /// Walks `options` (an `evalModules` result's `options`), with `lib` the nixpkgs lib the
    /// modules use.
    pub fn build(m: &mut Machine, lib: &Value, options: &Value) -> EvalResult<OptionIndex> {
        let helper = m.eval_source(
            Origin::Text("«firn»/options-entry.nix"),
            ENTRY,
            Path::new("/"),
        )?;
        let helper = m.call_n(&helper, std::slice::from_ref(lib), Pos::NONE)?;
        let mut out = Vec::new();
        // Explicit stack: trees of submodules nest without bound.
        let mut stack = vec![options.clone()];
        while let Some(node) = stack.pop() {
            let Value::Attrs(attrs) = m.force(&node)? else {
                continue;
            };
            if !is_option(m, &attrs)? {
                for a in attrs.sorted_by_name().into_iter().rev() {
                    stack.push(a.value.clone());
                }
                continue;
            }
            let entry = m.call_n(&helper, &[Value::Attrs(attrs.clone())], Pos::NONE)?;
            let entry = m.force_attrs(&entry, Pos::NONE)?;
            let name = attr(m, &entry, "name")?;
            let loc = attr(m, &entry, "loc")?;
            let type_description = attr(m, &entry, "type")?;
            let declarations = attr(m, &entry, "declarations")?;
            let doc = OptionDoc {
                name: m.force_plain_str(&name, Pos::NONE)?.to_string(),
                loc: string_list(m, &loc)?,
                type_description: m.force_plain_str(&type_description, Pos::NONE)?.to_string(),
                internal: bool_attr(m, &entry, "internal")?,
                visible: bool_attr(m, &entry, "visible")?,
                read_only: bool_attr(m, &entry, "readOnly")?,
                declarations: string_list(m, &declarations)?,
                entry: entry.clone(),
            };
            out.push(doc);
            if bool_attr(m, &entry, "subOptionsVisible")? {
                let subs = attr(m, &entry, "subOptions")?;
                if matches!(&subs, Value::Attrs(s) if !s.is_empty()) {
                    stack.push(subs);
                }
            }
        }
        Ok(OptionIndex { options: out })
    }

    /// The whole entry of option `i`, in the shape of `lib.optionAttrSetToDocList`'s (the
    /// entries of NixOS's `options.json`). A field that fails to evaluate is
    /// `{ "_error": message }`.
    pub fn doc(&self, m: &mut Machine, i: usize) -> Json {
        let o = &self.options[i];
        let mut j = Map::new();
        j.insert("name".into(), Json::String(o.name.clone()));
        j.insert(
            "loc".into(),
            Json::Array(o.loc.iter().cloned().map(Json::String).collect()),
        );
        j.insert("type".into(), Json::String(o.type_description.clone()));
        j.insert("internal".into(), Json::Bool(o.internal));
        j.insert("visible".into(), Json::Bool(o.visible));
        j.insert("readOnly".into(), Json::Bool(o.read_only));
        j.insert(
            "declarations".into(),
            Json::Array(o.declarations.iter().cloned().map(Json::String).collect()),
        );
        j.insert("description".into(), field_json(m, &o.entry, "description"));
        for (flag, field) in [
            ("hasDefault", "default"),
            ("hasExample", "example"),
            ("hasRelatedPackages", "relatedPackages"),
        ] {
            match bool_attr(m, &o.entry, flag) {
                Ok(true) => {
                    j.insert(field.into(), field_json(m, &o.entry, field));
                }
                Ok(false) => {}
                Err(e) => {
                    j.insert(field.into(), error_json(&e));
                }
            }
        }
        Json::Object(j)
    }

    /// The enum values of option `i`'s type, if it is an enum.
    pub fn enum_values(&self, m: &mut Machine, i: usize) -> Option<Vec<Json>> {
        match field_json(m, &self.options[i].entry, "enumValues") {
            Json::Array(values) => Some(values),
            _ => None,
        }
    }
}

fn error_json(e: &eval::EvalError) -> Json {
    let mut j = Map::new();
    j.insert("_error".into(), Json::String(e.message.clone()));
    Json::Object(j)
}

/// A field of the entry as JSON (forced deeply, as `toJSON` does).
fn field_json(m: &mut Machine, entry: &Attrs, name: &str) -> Json {
    let result = m
        .require_attr(entry, Symbol::new(name), Pos::NONE)
        .and_then(|v| {
            let mut out = Vec::new();
            let mut context = Default::default();
            eval::builtins::json::write_json(m, &v, Pos::NONE, &mut out, &mut context)?;
            Ok(out)
        });
    match result {
        Ok(text) => serde_json::from_slice(&text).unwrap_or(Json::Null),
        Err(e) => error_json(&e),
    }
}
