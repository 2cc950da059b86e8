//! Flakes: a flake reference is resolved to a source on this machine (`fetch.rs`), its
//! `flake.nix` and `flake.lock` are read there, and `call-flake.nix` ties the locked
//! inputs together into the value `builtins.getFlake` returns. Nothing is fetched, locked
//! or written: an input that is not on this machine is an error that says how to get it.

pub mod fetch;
pub mod git;
pub mod input;

use crate::builtins::attr;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::{Origin, Pos};
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, NixString, Value};
use fetch::Fetched;
use input::{AttrValue, Input};
use std::path::{Path, PathBuf};

const CALL_FLAKE: &str = include_str!("call-flake.nix");

/// A flake found and read, not yet called.
#[derive(Clone, Debug)]
pub struct Flake {
    /// The reference as given, made absolute.
    pub original: Input,
    pub fetched: Fetched,
    /// The flake's directory inside its source (`?dir=`), "" for the top.
    pub dir: String,
    pub description: Option<String>,
    /// `flake.lock` as read (or, for a flake without inputs, the empty lock Nix makes).
    pub lock: serde_json::Value,
    /// Where `flake.nix` is in the store, and on disk.
    pub file: String,
    pub file_on_disk: PathBuf,
}

impl Flake {
    /// The original reference with `dir`, as Nix prints it.
    pub fn original_with_dir(&self) -> Input {
        let mut out = self.original.clone();
        if !self.dir.is_empty() {
            out.set("dir", AttrValue::Str(self.dir.clone()));
        }
        out
    }

    pub fn locked_with_dir(&self) -> Input {
        let mut out = self.fetched.locked.clone();
        if !self.dir.is_empty() {
            out.set("dir", AttrValue::Str(self.dir.clone()));
        }
        out
    }
}

impl Machine {
    /// A flake reference (`.`, a path, `path:…`, `git+file://…`, `github:o/r/rev?narHash=…`)
    /// as an input and the flake's directory inside it. A local directory inside a git work
    /// tree is a `git+file:` input, as in Nix.
    /// `from_command_line`: as `nix flake` reads its argument (relative paths, git work
    /// trees); otherwise as `getFlake` does (absolute paths only, always `path:`).
    pub fn resolve_flake_ref(
        &self,
        text: &str,
        cwd: &Path,
        from_command_line: bool,
        pos: Pos,
    ) -> EvalResult<(Input, String)> {
        if !from_command_line && text.starts_with('.') {
            return err(
                format!("flake reference '{text}' is not an absolute path"),
                pos,
            );
        }
        if text.starts_with('/') || text.starts_with('.') {
            let (path, query) = text.split_once('?').unwrap_or((text, ""));
            let dir = crate::paths::canonicalize(&cwd.join(path).to_string_lossy());
            let mut input = Input::default();
            let top = (from_command_line && self.options.run_git)
                .then(|| git::Repo::top_level(Path::new(&dir)))
                .flatten();
            let mut sub = String::new();
            match top {
                Some(top) => {
                    input.set("type", AttrValue::Str("git".into()));
                    input.set("url", AttrValue::Str(format!("file://{}", top.display())));
                    sub = Path::new(&dir)
                        .strip_prefix(&top)
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default();
                }
                None => {
                    input.set("type", AttrValue::Str("path".into()));
                    input.set("path", AttrValue::Str(dir));
                }
            }
            let with_query = parse_ref(&format!("{}?{query}", input.to_url()), pos)?;
            let (mut input, dir) = take_dir(with_query, sub);
            if !from_command_line && !dir.is_empty() {
                // `getFlake "/x?dir=d"` is the flake at `/x/d`.
                let path = format!("{}/{dir}", input.str("path").unwrap_or_default());
                input.set("path", AttrValue::Str(crate::paths::canonicalize(&path)));
                return Ok((input, String::new()));
            }
            return Ok((input, dir));
        }
        Ok(take_dir(parse_ref(text, pos)?, String::new()))
    }

    /// Finds the flake's source, and reads its `flake.nix` and `flake.lock`.
    pub fn load_flake(&mut self, original: &Input, dir: &str, pos: Pos) -> EvalResult<Flake> {
        let fetched = self.fetch_input(original, pos)?;
        let base = if dir.is_empty() {
            fetched.store_path.clone()
        } else {
            format!("{}/{dir}", fetched.store_path)
        };
        let file = format!("{base}/flake.nix");
        if !self.fs.exists(Path::new(&file)) {
            return err(
                format!(
                    "source tree referenced by '{}' does not contain a '{}flake.nix' file",
                    original.to_url(),
                    if dir.is_empty() {
                        "/".to_string()
                    } else {
                        format!("{dir}/")
                    }
                ),
                pos,
            );
        }
        let value = self.import_file(Path::new(&file), pos)?;
        let attrs = self.force_attrs(&value, pos)?;
        let description = match attrs.get(Symbol::new("description")) {
            Some(d) => Some(self.force_plain_str(&d.clone(), pos)?.to_string()),
            None => None,
        };
        let declared = self.declared_inputs(&attrs, pos)?;
        let lock_file = format!("{base}/flake.lock");
        let lock = match self.fs.read_to_string(Path::new(&lock_file)) {
            Ok(text) => serde_json::from_str(&text)
                .or_else(|e| err(format!("reading '{lock_file}': {e}"), pos))?,
            Err(_) if declared.is_empty() => serde_json::json!({
                "nodes": { "root": {} }, "root": "root", "version": 7
            }),
            Err(_) => {
                return err(
                    format!(
                        "flake '{}' has no flake.lock, and firn does not write lock files: run `nix flake lock`",
                        original.to_url()
                    ),
                    pos,
                );
            }
        };
        check_lock(&lock, &declared, original, pos)?;
        let file_on_disk = self
            .mounts
            .translate(Path::new(&file))
            .unwrap_or_else(|| PathBuf::from(&file));
        Ok(Flake {
            original: original.clone(),
            fetched,
            dir: dir.to_string(),
            description,
            lock,
            file,
            file_on_disk,
        })
    }

    /// The names of a flake's inputs: its `inputs` and its `outputs` function's arguments.
    fn declared_inputs(&mut self, flake: &Attrs, pos: Pos) -> EvalResult<Vec<String>> {
        let mut names = Vec::new();
        if let Some(inputs) = flake.get(Symbol::new("inputs")) {
            let inputs = self.force_attrs(&inputs.clone(), pos)?;
            names.extend(inputs.iter().map(|a| a.name.name().to_string()));
        }
        let Some(outputs) = flake.get(Symbol::new("outputs")) else {
            return err("flake lacks attribute 'outputs'", pos);
        };
        let outputs = self.force(&outputs.clone())?;
        if let Value::Lambda(c) = &outputs
            && let crate::ir::Param::Pattern { formals, .. } = &c.def.param
        {
            for f in formals {
                let name = f.name.name().to_string();
                if name != "self" && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Ok(names)
    }

    /// The value of a loaded flake: its outputs and source info, inputs called in turn.
    pub fn call_flake(&mut self, flake: &Flake, pos: Pos) -> EvalResult<Value> {
        let lock = flake.lock.to_string();
        let called =
            self.call_flake_nix(&lock, source_info_value(&flake.fetched), &flake.dir, pos)?;
        let called = self.force_attrs(&called, pos)?;
        let root = self.require_attr(&called, Symbol::new("root"), pos)?;
        self.force(&root)
    }

    /// The inputs of the flake in `dir` as its `flake.lock` pins them, without reading its
    /// `flake.nix` (which may be half typed in an editor).
    pub fn flake_inputs(&mut self, dir: &str, pos: Pos) -> EvalResult<Value> {
        let lock_file = format!("{dir}/flake.lock");
        let lock = match self.fs.read_to_string(Path::new(&lock_file)) {
            Ok(text) => text,
            Err(_) => r#"{"nodes":{"root":{}},"root":"root","version":7}"#.to_string(),
        };
        // The root's own source is not needed (not hashed): only an input that follows the
        // root itself would see this stand-in.
        let root = Value::attrs(Attrs::from_unsorted(vec![attr(
            Symbol::new("outPath"),
            Value::string(dir),
        )]));
        let called = self.call_flake_nix(&lock, root, "", pos)?;
        let called = self.force_attrs(&called, pos)?;
        let inputs = self.require_attr(&called, Symbol::new("rootInputs"), pos)?;
        self.force(&inputs)
    }

    fn call_flake_nix(
        &mut self,
        lock: &str,
        root_source: Value,
        dir: &str,
        pos: Pos,
    ) -> EvalResult<Value> {
        let (expr, _) = self.compile_source(
            Origin::Text("«nix-internal»/call-flake.nix"),
            CALL_FLAKE.into(),
            Path::new("/"),
            None,
        )?;
        let env = self.base_env.clone();
        let function = self.delay(&expr, &env);
        let args = [Value::string(lock), root_source, Value::string(dir)];
        self.call_n(&function, &args, pos)
    }

    /// `builtins.getFlake`: pure evaluation accepts only locked references.
    pub fn get_flake(&mut self, text: &str, pos: Pos) -> EvalResult<Value> {
        if let Some(v) = self.flakes.get(text) {
            return Ok(v.clone());
        }
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let (input, dir) = self.resolve_flake_ref(text, &cwd, false, pos)?;
        if !self.options.impure && input.str("narHash").is_none() && input.str("rev").is_none() {
            return err(
                format!(
                    "cannot call 'getFlake' on unlocked flake reference '{text}' (use --impure to override)"
                ),
                pos,
            );
        }
        let flake = self.load_flake(&input, &dir, pos)?;
        let value = self.call_flake(&flake, pos)?;
        self.flakes.insert(text.to_string(), value.clone());
        Ok(value)
    }
}

/// `{ outPath; narHash; lastModified; … }` of a fetched source.
pub fn source_info_value(fetched: &Fetched) -> Value {
    let mut context = Context::new();
    context.insert(fetched.store_path.clone().into());
    let mut attrs = vec![attr(
        Symbol::new("outPath"),
        Value::String(NixString::with_context(
            fetched.store_path.as_str(),
            context,
        )),
    )];
    for (name, value) in fetched.info() {
        attrs.push(attr(Symbol::new(name), attr_value(&value)));
    }
    Value::attrs(Attrs::from_unsorted(attrs))
}

pub fn attr_value(v: &AttrValue) -> Value {
    match v {
        AttrValue::Str(s) => Value::string(s.as_str()),
        AttrValue::Int(i) => Value::Int(*i),
        AttrValue::Bool(b) => Value::Bool(*b),
    }
}

fn parse_ref(text: &str, pos: Pos) -> EvalResult<Input> {
    let fields = crate::flakeref::parse(text).or_else(|e| err(e, pos))?;
    let mut input = Input::default();
    for (k, v) in fields {
        let v = match v {
            Value::Int(i) => AttrValue::Int(i),
            Value::Bool(b) => AttrValue::Bool(b),
            Value::String(s) => AttrValue::Str(s.as_str().to_string()),
            _ => continue,
        };
        input.set(&k, v);
    }
    Ok(input)
}

/// Moves `dir` out of the input's attributes (it names where the flake is, not what to fetch).
fn take_dir(mut input: Input, default: String) -> (Input, String) {
    let dir = match input.0.remove("dir") {
        Some(AttrValue::Str(d)) => d,
        _ => default,
    };
    (input, dir)
}

fn check_lock(
    lock: &serde_json::Value,
    declared: &[String],
    flake: &Input,
    pos: Pos,
) -> EvalResult<()> {
    let version = lock.get("version").and_then(|v| v.as_i64()).unwrap_or(0);
    if !(5..=7).contains(&version) {
        return err(
            format!(
                "lock file of flake '{}' has unsupported version {version}",
                flake.to_url()
            ),
            pos,
        );
    }
    let root = lock.get("root").and_then(|r| r.as_str()).unwrap_or("root");
    let locked_inputs = lock
        .pointer(&format!("/nodes/{root}/inputs"))
        .and_then(|i| i.as_object());
    for name in declared {
        if !locked_inputs.is_some_and(|i| i.contains_key(name)) {
            return err(
                format!(
                    "input '{name}' of flake '{}' is not in its flake.lock, and firn does not write lock files: run `nix flake lock`",
                    flake.to_url()
                ),
                pos,
            );
        }
    }
    Ok(())
}
