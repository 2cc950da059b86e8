//! The builtins: one file per family, registered in [`PRIMOPS`]. Each takes its arguments
//! unevaluated and forces what it needs, so laziness is as in Nix.

pub mod attrs;
pub mod context;
pub mod control;
pub mod derivation;
pub mod io;
pub mod json;
pub mod lists;
pub mod numbers;
pub mod regex;
pub mod strings;
pub mod toml;
pub mod types;
pub mod xml;

use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::options::EvalOptions;
use crate::print::show_value_short;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Every builtin: its name in `builtins`, its arity, its implementation.
pub const PRIMOPS: &[(&str, usize, PrimFn)] = &[
    // types
    ("typeOf", 1, types::type_of),
    ("isNull", 1, types::is_null),
    ("isInt", 1, types::is_int),
    ("isFloat", 1, types::is_float),
    ("isBool", 1, types::is_bool),
    ("isString", 1, types::is_string),
    ("isPath", 1, types::is_path),
    ("isAttrs", 1, types::is_attrs),
    ("isList", 1, types::is_list),
    ("isFunction", 1, types::is_function),
    // numbers
    ("add", 2, numbers::add),
    ("sub", 2, numbers::sub),
    ("mul", 2, numbers::mul),
    ("div", 2, numbers::div),
    ("lessThan", 2, numbers::less_than),
    ("bitAnd", 2, numbers::bit_and),
    ("bitOr", 2, numbers::bit_or),
    ("bitXor", 2, numbers::bit_xor),
    ("ceil", 1, numbers::ceil),
    ("floor", 1, numbers::floor),
    // lists
    ("length", 1, lists::length),
    ("head", 1, lists::head),
    ("tail", 1, lists::tail),
    ("elemAt", 2, lists::elem_at),
    ("elem", 2, lists::elem),
    ("map", 2, lists::map),
    ("filter", 2, lists::filter),
    ("foldl'", 3, lists::foldl_strict),
    ("genList", 2, lists::gen_list),
    ("concatLists", 1, lists::concat_lists),
    ("concatMap", 2, lists::concat_map),
    ("any", 2, lists::any),
    ("all", 2, lists::all),
    ("sort", 2, lists::sort),
    ("partition", 2, lists::partition),
    ("groupBy", 2, lists::group_by),
    ("genericClosure", 1, lists::generic_closure),
    // attribute sets
    ("attrNames", 1, attrs::attr_names),
    ("attrValues", 1, attrs::attr_values),
    ("getAttr", 2, attrs::get_attr),
    ("hasAttr", 2, attrs::has_attr),
    ("removeAttrs", 2, attrs::remove_attrs),
    ("intersectAttrs", 2, attrs::intersect_attrs),
    ("listToAttrs", 1, attrs::list_to_attrs),
    ("mapAttrs", 2, attrs::map_attrs),
    ("catAttrs", 2, attrs::cat_attrs),
    ("zipAttrsWith", 2, attrs::zip_attrs_with),
    ("functionArgs", 1, attrs::function_args),
    ("unsafeGetAttrPos", 2, attrs::unsafe_get_attr_pos),
    // strings
    ("toString", 1, strings::to_string),
    ("stringLength", 1, strings::string_length),
    ("substring", 3, strings::substring),
    ("concatStringsSep", 2, strings::concat_strings_sep),
    ("replaceStrings", 3, strings::replace_strings),
    ("splitVersion", 1, strings::split_version),
    ("compareVersions", 2, strings::compare_versions),
    ("parseDrvName", 1, strings::parse_drv_name),
    ("baseNameOf", 1, strings::base_name_of),
    ("dirOf", 1, strings::dir_of),
    ("hashString", 2, strings::hash_string),
    ("convertHash", 1, strings::convert_hash),
    ("match", 2, regex::match_),
    ("split", 2, regex::split),
    ("toJSON", 1, json::to_json),
    ("fromJSON", 1, json::from_json),
    ("fromTOML", 1, toml::from_toml),
    ("toXML", 1, xml::to_xml),
    // control
    ("throw", 1, control::throw),
    ("abort", 1, control::abort),
    ("tryEval", 1, control::try_eval),
    ("seq", 2, control::seq),
    ("deepSeq", 2, control::deep_seq),
    ("trace", 2, control::trace),
    ("traceVerbose", 2, control::trace_verbose),
    ("warn", 2, control::warn),
    ("addErrorContext", 2, control::add_error_context),
    ("break", 1, control::break_),
    ("import", 1, control::import),
    ("scopedImport", 2, control::scoped_import),
    ("getEnv", 1, control::get_env),
    // files and the store
    ("readFile", 1, io::read_file),
    ("readDir", 1, io::read_dir),
    ("readFileType", 1, io::read_file_type),
    ("pathExists", 1, io::path_exists),
    ("findFile", 2, io::find_file),
    ("hashFile", 2, io::hash_file),
    ("toPath", 1, io::to_path),
    ("storePath", 1, io::store_path),
    ("toFile", 2, io::to_file),
    ("path", 1, io::path),
    ("filterSource", 2, io::filter_source),
    ("fetchurl", 1, io::fetchurl),
    ("fetchTarball", 1, io::fetch_tarball),
    ("fetchGit", 1, io::fetch_git),
    ("fetchTree", 1, io::fetch_tree),
    ("fetchMercurial", 1, io::fetch_mercurial),
    ("fetchClosure", 1, io::fetch_closure),
    ("getFlake", 1, io::get_flake),
    ("exec", 1, io::exec),
    ("importNative", 2, io::import_native),
    // string context
    ("getContext", 1, context::get_context),
    ("hasContext", 1, context::has_context),
    ("appendContext", 2, context::append_context),
    ("unsafeDiscardStringContext", 1, context::discard_context),
    (
        "unsafeDiscardOutputDependency",
        1,
        context::discard_output_dependency,
    ),
    (
        "addDrvOutputDependencies",
        1,
        context::add_drv_output_dependencies,
    ),
    // derivations
    ("derivationStrict", 1, derivation::derivation_strict),
    ("placeholder", 1, derivation::placeholder),
    ("outputOf", 2, derivation::output_of),
    ("parseFlakeRef", 1, io::parse_flake_ref),
    ("flakeRefToString", 1, io::flake_ref_to_string),
];

/// The base environment: one frame holding every global name, and the `builtins` set.
pub fn base_env(options: &EvalOptions) -> (Env, FxHashMap<Symbol, u32>, Rc<Attrs>) {
    let mut entries: Vec<Attr> = Vec::new();
    let attr = |name: &str, value: Value| Attr {
        name: Symbol::new(name),
        value,
        pos: Pos::NONE,
    };
    for &(name, arity, func) in PRIMOPS {
        let op = Rc::new(PrimOp { name, arity, func });
        entries.push(attr(name, Value::PrimOp(op)));
    }
    entries.push(attr("true", Value::Bool(true)));
    entries.push(attr("false", Value::Bool(false)));
    entries.push(attr("null", Value::Null));
    entries.push(attr(
        "currentSystem",
        Value::string(&*options.current_system),
    ));
    entries.push(attr("storeDir", Value::string(&*options.store_dir)));
    entries.push(attr("nixVersion", Value::string("2.31.0")));
    entries.push(attr("langVersion", Value::Int(6)));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    entries.push(attr("currentTime", Value::Int(now)));
    let nix_path = options
        .search_path
        .iter()
        .map(|e| {
            Value::attrs(Attrs::from_unsorted(vec![
                attr("prefix", Value::string(&*e.prefix)),
                attr("path", Value::string(&*e.path)),
            ]))
        })
        .collect();
    entries.push(attr("nixPath", Value::list(nix_path)));
    if options.editor {
        // The inputs of the flake in a directory, from its lock alone: the editor completes
        // `inputs.x.` in a `flake.nix` that is half typed (and so does not parse).
        let op = PrimOp {
            name: "__firnFlakeInputs",
            arity: 1,
            func: io::firn_flake_inputs,
        };
        entries.push(attr(op.name, Value::PrimOp(Rc::new(op))));
    }
    let derivation_fn = derivation::derivation_function_placeholder();
    entries.push(attr("derivation", derivation_fn));

    // `builtins` refers to itself: fill it in through a thunk.
    let builtins_thunk = Thunk::with_state(ThunkState::Blackhole);
    entries.push(attr("builtins", Value::Thunk(builtins_thunk.clone())));
    let builtins = Rc::new(Attrs::from_unsorted(entries));
    builtins_thunk.set(ThunkState::Done(Value::Attrs(builtins.clone())));

    let mut names = FxHashMap::default();
    let mut slots = Vec::new();
    for &global in syntax::GLOBAL_NAMES {
        let plain = global.strip_prefix("__").unwrap_or(global);
        let value = match builtins.get(Symbol::new(plain)) {
            Some(v) => v.clone(),
            None => continue,
        };
        names.insert(Symbol::new(global), slots.len() as u32);
        slots.push(value);
    }
    (EnvFrame::new(slots, None), names, builtins)
}

// --- argument helpers shared by the builtins ---

impl Machine {
    pub fn force_int(&mut self, v: &Value, pos: Pos) -> EvalResult<i64> {
        match self.force(v)? {
            Value::Int(i) => Ok(i),
            other => type_error("an integer", &other, pos),
        }
    }

    pub fn force_bool(&mut self, v: &Value, pos: Pos) -> EvalResult<bool> {
        match self.force(v)? {
            Value::Bool(b) => Ok(b),
            other => type_error("a Boolean", &other, pos),
        }
    }

    pub fn force_list(&mut self, v: &Value, pos: Pos) -> EvalResult<Rc<NixList>> {
        match self.force(v)? {
            Value::List(l) => Ok(l),
            other => type_error("a list", &other, pos),
        }
    }

    pub fn force_attrs(&mut self, v: &Value, pos: Pos) -> EvalResult<Rc<Attrs>> {
        match self.force(v)? {
            Value::Attrs(a) => Ok(a),
            other => type_error("a set", &other, pos),
        }
    }

    pub fn force_function(&mut self, v: &Value, pos: Pos) -> EvalResult<Value> {
        let f = self.force(v)?;
        match &f {
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => Ok(f),
            Value::Attrs(a) if a.contains(self.known.functor) => Ok(f),
            other => type_error("a function", other, pos),
        }
    }

    /// A string whose context must be empty (attribute names, hash algorithms…).
    pub fn force_plain_str(&mut self, v: &Value, pos: Pos) -> EvalResult<Rc<str>> {
        let s = self.force_str(v, pos)?;
        Ok(s.as_str().into())
    }

    /// Calls `f x` and forces the result to a Boolean.
    pub fn call_predicate(&mut self, f: &Value, x: &Value, pos: Pos) -> EvalResult<bool> {
        let r = self.call(f.clone(), x.clone(), pos)?;
        self.force_bool(&r, pos)
    }

    /// The attribute `name` of a set, or an error naming it.
    pub fn require_attr(&mut self, attrs: &Attrs, name: Symbol, pos: Pos) -> EvalResult<Value> {
        match attrs.get(name) {
            Some(v) => Ok(v.clone()),
            None => err(format!("attribute '{name}' missing"), pos),
        }
    }
}

pub fn type_error<T>(expected: &str, found: &Value, pos: Pos) -> EvalResult<T> {
    Err(type_mismatch(expected, found, pos))
}

/// "expected a set but found an integer: 1", CppNix's wording, naming the value.
pub fn type_mismatch(expected: &str, found: &Value, pos: Pos) -> Box<crate::error::EvalError> {
    crate::error::EvalError::new(
        crate::error::ErrorKind::Eval,
        format!(
            "expected {expected} but found {}: {}",
            found.type_desc(),
            show_value_short(found)
        ),
        pos,
    )
}

pub fn attr(name: Symbol, value: Value) -> Attr {
    Attr {
        name,
        value,
        pos: Pos::NONE,
    }
}
