//! `derivationStrict`: turns a derivation's attributes into a `.drv` exactly as CppNix does
//! (through the `store` crate) and returns its paths. `derivation` itself is the small Nix
//! function in `derivation.nix`, which adds the output attributes around it.

use super::attr;
use crate::coerce::CoerceMode;
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::source::Pos;
use crate::symbol::Symbol;
use crate::value::*;
use std::collections::{BTreeMap, BTreeSet};
use store::derivation::OutputHashes;
use store::hash::{Hash, HashAlgo};
use store::{Derivation, DerivationOutput, FileIngestionMethod, StorePath};

/// Derivations made during this evaluation, by `.drv` path: their unmasked modulo hashes
/// (what dependent derivations hash in) and the derivations themselves.
#[derive(Default)]
pub struct DrvCache {
    pub hashes: BTreeMap<StorePath, OutputHashes>,
    pub derivations: BTreeMap<StorePath, Derivation>,
    /// Where each derivation was written: its `name` attribute (what a failed build
    /// points at, as CppNix's "whose name attribute is located at").
    pub positions: BTreeMap<StorePath, Pos>,
}

/// The source of `derivation`, compiled once per evaluator.
pub const DERIVATION_NIX: &str = include_str!("derivation.nix");

/// A placeholder the machine replaces with the compiled `derivation` function.
pub fn derivation_function_placeholder() -> Value {
    Value::Thunk(Thunk::with_state(ThunkState::Blackhole))
}

pub fn placeholder(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let output = m.force_str(&args[0], pos)?;
    Ok(Value::string(store::derivation::placeholder(
        output.as_bytes(),
    )))
}

pub fn output_of(_: &mut Machine, _: &[Value], pos: Pos) -> EvalResult<Value> {
    err(
        "experimental Nix feature 'dynamic-derivations' is disabled; add '--extra-experimental-features dynamic-derivations' to enable it",
        pos,
    )
}

fn hash_algo(name: &str, pos: Pos) -> EvalResult<HashAlgo> {
    super::strings::parse_algo(name, pos)
}

pub fn derivation_strict(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let attrs = m.force_attrs(&args[0], pos)?;
    let k = m.known.clone();
    let name_value = m.require_attr(&attrs, k.name, pos)?;
    let name = m.force_plain_str(&name_value, pos)?.to_string();
    if let Err(e) = store::store_path::validate_name(&name) {
        return err(format!("invalid derivation name: {e}"), pos);
    }
    let structured = match attrs.get(k.structured_attrs) {
        Some(v) => m.force_bool(&v.clone(), pos)?,
        None => false,
    };
    let ignore_nulls = match attrs.get(k.ignore_nulls) {
        Some(v) => m.force_bool(&v.clone(), pos)?,
        None => false,
    };

    let mut drv = Derivation {
        name: name.clone(),
        ..Default::default()
    };
    let mut context = Context::new();
    let mut outputs: Vec<String> = vec!["out".to_string()];
    let mut fixed = FixedOutput::default();
    let mut json = b"{".to_vec();
    let mut json_first = true;
    let mut name_pos = pos;

    for a in attrs.sorted_by_name() {
        let key = a.name.name();
        if a.name == k.name {
            name_pos = a.pos;
        }
        if a.name == k.ignore_nulls {
            continue;
        }
        let value = m.force(&a.value)?;
        if ignore_nulls && matches!(value, Value::Null) {
            continue;
        }
        let ctx_pos = a.pos;
        // Content-addressed and impure derivations need experimental features firn does
        // not have; either way the attribute is consumed, never part of the environment
        // (CppNix's derivationStrictInternal).
        if let Some(feature) = match &*key {
            "__contentAddressed" => Some("ca-derivations"),
            "__impure" => Some("impure-derivations"),
            _ => None,
        } {
            if m.force_bool(&value, ctx_pos)? {
                return err(
                    format!(
                        "experimental Nix feature '{feature}' is disabled; add \
                         '--extra-experimental-features {feature}' to enable it"
                    ),
                    ctx_pos,
                );
            }
            continue;
        }
        if &*key == "args" {
            let items = m.force_list(&value, ctx_pos)?;
            for item in items.iter() {
                let s = m.coerce_to_string(item, ctx_pos, CoerceMode::to_string_copy())?;
                add_context(&mut context, &s);
                drv.args.push(s.as_str().to_string());
            }
            continue;
        }
        // Structured attributes go to `__json` as JSON (only the special ones also need
        // their string); otherwise every attribute becomes an environment variable.
        let text = if structured {
            if a.name == k.structured_attrs {
                continue;
            }
            if !json_first {
                json.push(b',');
            }
            json_first = false;
            super::json::json_string(&mut json, key.as_bytes());
            json.push(b':');
            super::json::write_json(m, &value, ctx_pos, &mut json, &mut context)?;
            if SPECIAL_ATTRS.contains(&&*key) {
                Some(m.force_str(&value, ctx_pos)?)
            } else {
                None
            }
        } else {
            let s = m.coerce_to_string(&value, ctx_pos, CoerceMode::to_string_copy())?;
            add_context(&mut context, &s);
            Some(s)
        };
        if let Some(s) = &text {
            fixed.record(&key, s.as_str(), &mut drv, ctx_pos)?;
        }
        if &*key == "outputs" {
            outputs = match (structured, &text) {
                // Without structured attributes `outputs` is what it coerces to, split at
                // whitespace (CppNix's derivationStrictInternal): a list of names becomes
                // "out dev", and a string "out dev" is accepted as well.
                (false, Some(s)) => checked_output_names(
                    s.as_str()
                        .split([' ', '\t', '\n', '\r'])
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                        .collect(),
                    ctx_pos,
                )?,
                _ => output_names(m, &value, ctx_pos)?,
            };
        }
        if let (false, Some(s)) = (structured, text) {
            drv.env.insert(key.to_string(), s.as_str().to_string());
        }
    }
    if structured {
        json.push(b'}');
        drv.env.insert(
            "__json".to_string(),
            String::from_utf8_lossy(&json).into_owned(),
        );
    }

    // Inputs from the string context.
    for e in &context {
        if let Some(p) = e.strip_prefix('=') {
            let path = m.parse_store_path(p, pos)?;
            let outs: BTreeSet<String> = match m.derivation_cache.derivations.get(&path) {
                Some(d) => d.outputs.keys().cloned().collect(),
                None => {
                    return err(
                        format!("derivation '{p}' is not known to this evaluation"),
                        pos,
                    );
                }
            };
            drv.input_drvs.entry(path).or_default().extend(outs);
        } else if let Some(rest) = e.strip_prefix('!') {
            let (output, p) = rest.split_once('!').unwrap_or((rest, ""));
            let path = m.parse_store_path(p, pos)?;
            drv.input_drvs
                .entry(path)
                .or_default()
                .insert(output.to_string());
        } else {
            drv.input_srcs.insert(m.parse_store_path(e, pos)?);
        }
    }

    if drv.builder.is_empty() {
        return err("required attribute 'builder' missing", pos);
    }
    if drv.system.is_empty() {
        return err("required attribute 'system' missing", pos);
    }

    if let Some(h) = fixed.hash {
        if outputs != ["out"] {
            return err(
                "multiple outputs are not supported in fixed-output derivations",
                pos,
            );
        }
        let algo = match &fixed.algo {
            Some(a) if !a.is_empty() => Some(hash_algo(a, pos)?),
            _ => None,
        };
        let hash = match Hash::parse_any(&h, algo) {
            Ok(h) => h,
            Err(e) => return err(e.to_string(), pos),
        };
        drv.outputs
            .insert("out".into(), DerivationOutput::fixed(fixed.mode, &hash));
    } else {
        for o in &outputs {
            drv.outputs
                .insert(o.clone(), DerivationOutput::input_addressed(None));
        }
    }

    let store_dir = m.store_dir(pos)?;
    let cache = &m.derivation_cache.hashes;
    let mut lookup = |p: &StorePath| {
        cache.get(p).cloned().ok_or_else(|| {
            store::derivation::DerivationError::UnknownInput(p.base_name().to_string())
        })
    };
    if let Err(e) = drv.fill_output_paths(&store_dir, &mut lookup) {
        return err(e.to_string(), pos);
    }
    let drv_path = match drv.drv_path(&store_dir) {
        Ok(p) => p,
        Err(e) => return err(e.to_string(), pos),
    };
    let hashes = match drv.hash_modulo(&store_dir, false, &mut lookup) {
        Ok(h) => h,
        Err(e) => return err(e.to_string(), pos),
    };
    let drv_path_str = store_dir.print(&drv_path);
    let mut result = Vec::new();
    let mut drv_ctx = Context::new();
    drv_ctx.insert(format!("={drv_path_str}").into());
    result.push(attr(
        k.drv_path,
        Value::String(NixString::with_context(drv_path_str.clone(), drv_ctx)),
    ));
    for (o, out) in &drv.outputs {
        let p = out
            .path
            .as_ref()
            .map(|p| store_dir.print(p))
            .unwrap_or_else(|| store::derivation::placeholder(o));
        let mut ctx = Context::new();
        ctx.insert(format!("!{o}!{drv_path_str}").into());
        result.push(attr(
            Symbol::new(o),
            Value::String(NixString::with_context(p, ctx)),
        ));
    }
    m.derivation_cache.hashes.insert(drv_path.clone(), hashes);
    m.derivation_cache
        .positions
        .insert(drv_path.clone(), name_pos);
    m.derivation_cache.derivations.insert(drv_path, drv);
    Ok(Value::attrs(Attrs::from_unsorted(result)))
}

fn add_context(context: &mut Context, s: &NixString) {
    if let Some(c) = s.context() {
        context.extend(c.iter().cloned());
    }
}

fn output_names(m: &mut Machine, v: &Value, pos: Pos) -> EvalResult<Vec<String>> {
    let list = m.force_list(v, pos)?;
    let mut names = Vec::new();
    for o in list.iter() {
        names.push(m.force_plain_str(o, pos)?.to_string());
    }
    checked_output_names(names, pos)
}

/// The output names, refused when one is `drvPath`, repeated, or there are none.
fn checked_output_names(given: Vec<String>, pos: Pos) -> EvalResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for s in given {
        // The result already has a `drvPath` attribute. (Nix 2.8 reserved `drv` instead.)
        if s == "drvPath" {
            return err("invalid derivation output name 'drvPath'", pos);
        }
        if names.contains(&s) {
            return err(format!("duplicate derivation output '{s}'"), pos);
        }
        names.push(s);
    }
    if names.is_empty() {
        return err("derivation cannot have an empty set of outputs", pos);
    }
    Ok(names)
}

/// Attributes that set fields of the `.drv` besides its environment.
const SPECIAL_ATTRS: &[&str] = &[
    "builder",
    "system",
    "outputHash",
    "outputHashAlgo",
    "outputHashMode",
];

/// `outputHash`, `outputHashAlgo` and `outputHashMode` as given.
struct FixedOutput {
    hash: Option<String>,
    algo: Option<String>,
    mode: FileIngestionMethod,
}

impl Default for FixedOutput {
    fn default() -> Self {
        FixedOutput {
            hash: None,
            algo: None,
            mode: FileIngestionMethod::Flat,
        }
    }
}

impl FixedOutput {
    /// Takes the attribute `key` into the derivation if it is one of [`SPECIAL_ATTRS`].
    fn record(&mut self, key: &str, value: &str, drv: &mut Derivation, pos: Pos) -> EvalResult<()> {
        match key {
            "builder" => drv.builder = value.to_string(),
            "system" => drv.system = value.to_string(),
            "outputHash" => self.hash = Some(value.to_string()),
            "outputHashAlgo" => self.algo = Some(value.to_string()),
            "outputHashMode" => {
                self.mode = match value {
                    "recursive" | "nar" => FileIngestionMethod::Recursive,
                    "flat" => FileIngestionMethod::Flat,
                    other => {
                        return err(
                            format!("invalid value '{other}' for 'outputHashMode' attribute"),
                            pos,
                        );
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
