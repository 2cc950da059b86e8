//! Files, the search path, and store paths made from files (`toFile`, `path`,
//! `filterSource`). Nothing is written to a store: paths are computed as Nix's `dummy://`
//! store would.

use super::attr;
use crate::coerce::CoerceMode;
use crate::error::{ErrorKind, EvalError, EvalResult, err};
use crate::flake::input::{AttrValue, Input};
use crate::io::FileType;
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::path::Path;
use store::hash::HashAlgo;

/// A failure to read `path`, in CppNix's words where it has some.
fn io_error(path: &str, doing: &str, e: &std::io::Error, pos: Pos) -> Box<EvalError> {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => format!("path '{path}' does not exist"),
        std::io::ErrorKind::NotADirectory => format!("'{path}' is not a directory"),
        _ => format!("{doing} '{path}': {e}"),
    };
    EvalError::new(ErrorKind::Eval, message, pos)
}

pub fn read_file(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let path = m.coerce_to_path(&args[0], pos)?;
    match m.fs.read(Path::new(&path)) {
        Ok(bytes) => Ok(Value::String(NixString::from_bytes(bytes.to_vec(), None))),
        Err(e) => Err(io_error(&path, "reading file", &e, pos)),
    }
}

pub fn read_dir(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let path = m.coerce_to_path(&args[0], pos)?;
    match m.fs.read_dir(Path::new(&path)) {
        Ok(entries) => Ok(Value::attrs(Attrs::from_unsorted(
            entries
                .into_iter()
                .map(|(name, t)| attr(Symbol::new(&name), Value::string(t.nix_name())))
                .collect(),
        ))),
        Err(e) => Err(io_error(&path, "reading directory", &e, pos)),
    }
}

pub fn read_file_type(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let path = m.coerce_to_path(&args[0], pos)?;
    match m.fs.symlink_type(Path::new(&path)) {
        Ok(t) => Ok(Value::string(t.nix_name())),
        Err(e) => err(format!("getting status of '{path}': {e}"), pos),
    }
}

pub fn path_exists(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    let (path, must_be_dir) = match &v {
        Value::Path(p) => (p.to_string(), false),
        _ => {
            let s = m.coerce_to_string(&v, pos, CoerceMode::path_part())?;
            let text = s.as_str();
            if !text.starts_with('/') {
                return err(
                    format!("string '{text}' doesn't represent an absolute path"),
                    pos,
                );
            }
            (
                text.to_string(),
                text.ends_with('/') || text.ends_with("/."),
            )
        }
    };
    // Nix looks at the path itself (a dangling symlink exists), except that a trailing
    // slash asks for a directory through any symlinks.
    let t = if must_be_dir {
        m.fs.file_type(Path::new(&path))
    } else {
        m.fs.symlink_type(Path::new(&path))
    };
    Ok(Value::Bool(match t {
        Ok(t) => !must_be_dir || t == FileType::Directory,
        Err(_) => false,
    }))
}

pub fn find_file(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let entries = m.force_list(&args[0], pos)?;
    let name = m.force_plain_str(&args[1], pos)?;
    let k = m.known.clone();
    for e in entries.iter() {
        let e = m.force_attrs(e, pos)?;
        let prefix = match e.get(k.prefix) {
            Some(p) => m.force_plain_str(&p.clone(), pos)?,
            None => "".into(),
        };
        let path = m.require_attr(&e, k.path, pos)?;
        let path = m.coerce_to_string(&path, pos, CoerceMode::path_part())?;
        let path = path.as_str();
        if path.contains("://") {
            continue;
        }
        let rest = if prefix.is_empty() {
            Some(&*name)
        } else if *name == *prefix {
            Some("")
        } else {
            name.strip_prefix(&*prefix)
                .and_then(|r| r.strip_prefix('/'))
        };
        let Some(rest) = rest else { continue };
        let candidate = if rest.is_empty() {
            path.to_string()
        } else {
            format!("{path}/{rest}")
        };
        let absolute = if candidate.starts_with('/') {
            candidate
        } else {
            match std::env::current_dir() {
                Ok(d) => format!("{}/{candidate}", d.display()),
                Err(_) => candidate,
            }
        };
        if m.fs.exists(Path::new(&absolute)) {
            return Ok(Value::Path(crate::paths::canonicalize(&absolute).into()));
        }
    }
    if let Some(path) = crate::corepkgs::find(&name) {
        return Ok(Value::Path(path.into()));
    }
    // A thrown error, so `tryEval <missing>` catches it.
    Err(EvalError::new(
        ErrorKind::Throw,
        format!(
            "file '{name}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
        ),
        pos,
    ))
}

pub fn hash_file(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let algo = m.force_plain_str(&args[0], pos)?;
    let algo = super::strings::parse_algo(&algo, pos)?;
    let path = m.coerce_to_path(&args[1], pos)?;
    match m.fs.read(Path::new(&path)) {
        Ok(bytes) => Ok(Value::string(
            store::hash::Hash::digest(algo, bytes).to_base16(),
        )),
        Err(e) => Err(io_error(&path, "reading file", &e, pos)),
    }
}

pub fn to_path(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The string's bytes and context, canonicalised (CppNix's prim_toPath).
    let s = m.coerce_to_path_string(&args[0], pos)?;
    let canon = crate::paths::canonicalize_bytes(s.as_bytes());
    Ok(Value::String(NixString::from_bytes(
        canon,
        s.context().cloned(),
    )))
}

pub fn store_path(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let path = m.coerce_to_path(&args[0], pos)?;
    let store_dir = m.options.store_dir.clone();
    let Some(rest) = path.strip_prefix(&format!("{store_dir}/")) else {
        return err(format!("path '{path}' is not in the Nix store"), pos);
    };
    let base = rest.split('/').next().unwrap_or("");
    let full = format!("{store_dir}/{base}");
    let mut ctx = Context::new();
    ctx.insert(full.clone().into());
    Ok(Value::String(NixString::with_context(path, ctx)))
}

pub fn to_file(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let name = m.force_plain_str(&args[0], pos)?;
    let contents = m.coerce_to_string(&args[1], pos, CoerceMode::interpolation())?;
    let mut refs = std::collections::BTreeSet::new();
    for e in contents.context().into_iter().flatten() {
        if e.starts_with('=') || e.starts_with('!') {
            return err(
                format!(
                    "files created by builtins.toFile may not reference derivations, but {name} references {e}"
                ),
                pos,
            );
        }
        refs.insert(m.parse_store_path(e, pos)?);
    }
    let dir = m.store_dir(pos)?;
    let hash = store::hash::Hash::digest(HashAlgo::Sha256, contents.as_bytes());
    let path = match dir.make_text_path(&name, &hash, &refs) {
        Ok(p) => dir.print(&p),
        Err(e) => return err(e.to_string(), pos),
    };
    m.store_objects.insert(
        path.clone(),
        crate::store_ops::StoreObject::Text {
            contents: contents.as_bytes().to_vec(),
            references: refs.iter().map(|r| dir.print(r)).collect(),
        },
    );
    let mut ctx = Context::new();
    ctx.insert(path.clone().into());
    Ok(Value::String(NixString::with_context(path, ctx)))
}

/// `builtins.path { path; name ? …; filter ? …; recursive ? true; sha256 ? … }`.
pub fn path(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let k = m.known.clone();
    let source = m.require_attr(&a, k.path, pos)?;
    let source = m.coerce_to_path(&source, pos)?;
    let name = match a.get(k.name) {
        Some(n) => m.force_plain_str(&n.clone(), pos)?.to_string(),
        None => crate::paths::base_name(&source).to_string(),
    };
    let filter = match a.get(Symbol::new("filter")) {
        Some(f) => Some(m.force_function(&f.clone(), pos)?),
        None => None,
    };
    let recursive = match a.get(Symbol::new("recursive")) {
        Some(r) => m.force_bool(&r.clone(), pos)?,
        None => true,
    };
    let path = m.add_path_to_store(&source, &name, filter.as_ref(), recursive, pos)?;
    if let Some(expected) = a.get(Symbol::new("sha256")).cloned() {
        // Same content hash, same path: compare the path the expected hash gives.
        let expected = m.force_plain_str(&expected, pos)?;
        let hash = store::hash::Hash::parse_any(&expected, Some(HashAlgo::Sha256))
            .or_else(|e| err(e.to_string(), pos))?;
        let method = if recursive {
            store::FileIngestionMethod::Recursive
        } else {
            store::FileIngestionMethod::Flat
        };
        let dir = m.store_dir(pos)?;
        let expected_path = dir
            .make_fixed_output_path(&name, method, &hash, &Default::default())
            .or_else(|e| err(e.to_string(), pos))?;
        if dir.print(&expected_path) != path {
            return err(
                format!("store path mismatch in (possibly filtered) path added from '{source}'"),
                pos,
            );
        }
    }
    let mut ctx = Context::new();
    ctx.insert(path.clone().into());
    Ok(Value::String(NixString::with_context(path, ctx)))
}

pub fn filter_source(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    // The path first, then the filter (CppNix's prim_filterSource).
    let source = m.coerce_to_path(&args[1], pos)?;
    let filter = m.force_function(&args[0], pos)?;
    let name = crate::paths::base_name(&source).to_string();
    let path = m.add_path_to_store(&source, &name, Some(&filter), true, pos)?;
    let mut ctx = Context::new();
    ctx.insert(path.clone().into());
    Ok(Value::String(NixString::with_context(path, ctx)))
}

fn offline(what: &str, pos: Pos) -> EvalResult<Value> {
    err(
        format!(
            "{what} needs network access, which firn's evaluator does not have; use a local path"
        ),
        pos,
    )
}

/// The URL or path a fetcher was given (a string, or `{ url = …; }`).
fn fetch_target(m: &mut Machine, v: &Value, pos: Pos) -> EvalResult<String> {
    let v = m.force(v)?;
    let target = match &v {
        Value::Attrs(a) => {
            let url = match a.get(Symbol::new("url")) {
                Some(u) => u.clone(),
                None => m.require_attr(a, m.known.path, pos)?,
            };
            m.coerce_to_string(&url, pos, CoerceMode::path_part())?
        }
        _ => m.coerce_to_string(&v, pos, CoerceMode::path_part())?,
    };
    Ok(target.as_str().to_string())
}

fn local_path(target: &str) -> Option<&str> {
    if let Some(p) = target.strip_prefix("file://") {
        return Some(p);
    }
    target.starts_with('/').then_some(target)
}

fn fetch_local(
    m: &mut Machine,
    what: &str,
    args: &[Value],
    pos: Pos,
    as_set: bool,
) -> EvalResult<Value> {
    let target = fetch_target(m, &args[0], pos)?;
    let Some(local) = local_path(&target) else {
        return offline(&format!("{what} '{target}'"), pos);
    };
    if !m.fs.exists(Path::new(local)) {
        return err(format!("{what}: path '{local}' does not exist"), pos);
    }
    let name = "source".to_string();
    let path = m.add_path_to_store(local, &name, None, true, pos)?;
    let mut ctx = Context::new();
    ctx.insert(path.clone().into());
    let out = Value::String(NixString::with_context(path, ctx));
    if !as_set {
        return Ok(out);
    }
    Ok(Value::attrs(Attrs::from_unsorted(vec![attr(
        m.known.out_path,
        out,
    )])))
}

pub fn fetchurl(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    fetch_local(m, "fetchurl", args, pos, false)
}

pub fn fetch_tarball(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    fetch_local(m, "fetchTarball", args, pos, false)
}

pub fn fetch_git(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    let mut input = Input::default();
    input.set("type", AttrValue::Str("git".into()));
    match &v {
        Value::Attrs(a) => {
            for x in a.iter() {
                let name = x.name.name();
                let value = m.force(&x.value)?;
                let value = match (&*name, &value) {
                    ("name", _) => continue,
                    (_, Value::Bool(b)) => AttrValue::Bool(*b),
                    (_, Value::Int(i)) => AttrValue::Int(*i),
                    _ => AttrValue::Str(
                        m.coerce_to_string(&value, pos, CoerceMode::path_part())?
                            .as_str()
                            .to_string(),
                    ),
                };
                input.set(&name, value);
            }
        }
        _ => {
            let url = m.coerce_to_string(&v, pos, CoerceMode::path_part())?;
            input.set("url", AttrValue::Str(url.as_str().to_string()));
        }
    }
    if let Some(url) = input.str("url").filter(|u| u.starts_with('/')) {
        input.set("url", AttrValue::Str(format!("file://{url}")));
    }
    let fetched = m.fetch_input(&input, pos)?;
    Ok(crate::flake::source_info_value(&fetched))
}

/// `builtins.fetchTree`: a flake reference (string or attributes) found on this machine.
pub fn fetch_tree(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let v = m.force(&args[0])?;
    let input = match &v {
        Value::Attrs(a) => {
            let mut input = Input::default();
            for x in a.iter() {
                let value = match m.force(&x.value)? {
                    Value::Bool(b) => AttrValue::Bool(b),
                    Value::Int(i) => AttrValue::Int(i),
                    other => AttrValue::Str(m.force_plain_str(&other, pos)?.to_string()),
                };
                input.set(&x.name.name(), value);
            }
            if input.str("type").is_none() {
                return err("attribute 'type' is missing in call to 'fetchTree'", pos);
            }
            input
        }
        _ => {
            let text = m.force_plain_str(&v, pos)?;
            let cwd = std::env::current_dir().unwrap_or_else(|_| "/".into());
            m.resolve_flake_ref(&text, &cwd, false, pos)?.0
        }
    };
    let fetched = m.fetch_input(&input, pos)?;
    Ok(crate::flake::source_info_value(&fetched))
}

pub fn fetch_mercurial(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    fetch_local(m, "fetchMercurial", args, pos, true)
}

pub fn fetch_closure(_: &mut Machine, _: &[Value], pos: Pos) -> EvalResult<Value> {
    offline("fetchClosure", pos)
}

pub fn get_flake(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let text = m.force_plain_str(&args[0], pos)?;
    m.get_flake(&text, pos)
}

pub fn firn_flake_inputs(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let dir = m.force_plain_str(&args[0], pos)?;
    m.flake_inputs(&dir, pos)
}

pub fn exec(_: &mut Machine, _: &[Value], pos: Pos) -> EvalResult<Value> {
    err(
        "'exec' is disabled (allow-unsafe-native-code-during-evaluation is off)",
        pos,
    )
}

pub fn import_native(_: &mut Machine, _: &[Value], pos: Pos) -> EvalResult<Value> {
    err(
        "'importNative' is disabled (allow-unsafe-native-code-during-evaluation is off)",
        pos,
    )
}

pub fn parse_flake_ref(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let s = m.force_plain_str(&args[0], pos)?;
    match crate::flakeref::parse(&s) {
        Ok(fields) => Ok(Value::attrs(Attrs::from_unsorted(
            fields
                .into_iter()
                .map(|(k, v)| attr(Symbol::new(&k), v))
                .collect(),
        ))),
        Err(e) => err(e, pos),
    }
}

pub fn flake_ref_to_string(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let a = m.force_attrs(&args[0], pos)?;
    let mut fields = Vec::new();
    for x in a.sorted_by_name() {
        let v = m.force(&x.value)?;
        let text = match &v {
            Value::String(s) => s.as_str().to_string(),
            Value::Int(i) if *i < 0 => {
                return err(
                    format!("negative value given for flake ref attr {}: {i}", x.name),
                    pos,
                );
            }
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
            other => {
                return err(
                    format!(
                        "flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '{}' is {}",
                        x.name,
                        other.type_desc()
                    ),
                    pos,
                );
            }
        };
        fields.push((x.name.name().to_string(), text));
    }
    match crate::flakeref::to_string(&fields) {
        Ok(s) => Ok(Value::string(s)),
        Err(e) => err(e, pos),
    }
}
