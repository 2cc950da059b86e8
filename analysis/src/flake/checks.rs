//! Diagnostics of a `flake.nix` against its `flake.lock`: inputs the lock lacks or pins
//! from another reference, inputs the lock has and the flake no longer declares,
//! `follows` that lead nowhere, and flake references that do not parse.

use super::model::FlakeDecl;
use crate::{Diagnostic, DiagnosticCode};
use serde_json::Value as Json;
use syntax::TextRange;

const LOCK_IT: &str = "run `nix flake lock` (firn does not write lock files)";

/// The lock's root inputs: name to node name or follows path.
fn root_inputs(lock: &Json) -> Option<&serde_json::Map<String, Json>> {
    let root = lock.get("root")?.as_str()?;
    lock.get("nodes")?.get(root)?.get("inputs")?.as_object()
}

/// The attributes of a flake reference, as the lock writes `original`.
fn reference_attrs(url: &str) -> Result<Json, String> {
    let fields = eval::flakeref::parse(url)?;
    let mut map = serde_json::Map::new();
    for (k, v) in fields {
        let v = match v {
            eval::Value::Int(i) => Json::from(i),
            eval::Value::Bool(b) => Json::Bool(b),
            eval::Value::String(s) => Json::String(s.as_str().to_string()),
            _ => continue,
        };
        map.insert(k, v);
    }
    Ok(Json::Object(map))
}

pub fn check(decl: &FlakeDecl, lock: Option<&Json>, file_start: TextRange) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for input in &decl.inputs {
        if let Some((url, range)) = &input.url
            && let Err(e) = reference_attrs(url)
        {
            out.push(Diagnostic::new(
                DiagnosticCode::FlakeRefInvalid,
                *range,
                format!("not a flake reference: {e}"),
            ));
        }
    }
    let declared: Vec<(&str, TextRange)> = decl
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.name_range))
        .chain(
            decl.output_args
                .iter()
                .filter(|(n, _)| !decl.inputs.iter().any(|i| &i.name == n))
                .map(|(n, r)| (n.as_str(), *r)),
        )
        .collect();
    let Some(lock) = lock else {
        for (name, range) in &declared {
            out.push(Diagnostic::new(
                DiagnosticCode::FlakeInputNotLocked,
                *range,
                format!("input '{name}' is not locked: there is no flake.lock; {LOCK_IT}"),
            ));
        }
        return out;
    };
    let locked = root_inputs(lock);
    for (name, range) in &declared {
        if !locked.is_some_and(|l| l.contains_key(*name)) {
            out.push(Diagnostic::new(
                DiagnosticCode::FlakeInputNotLocked,
                *range,
                format!("input '{name}' is not in flake.lock; {LOCK_IT}"),
            ));
        }
    }
    for input in &decl.inputs {
        let Some(entry) = locked.and_then(|l| l.get(&input.name)) else {
            continue;
        };
        match (entry, &input.url, &input.follows) {
            (Json::String(node), Some((url, range)), None) => {
                let original = lock
                    .pointer(&format!("/nodes/{}/original", pointer_escape(node)))
                    .cloned();
                if let (Ok(wanted), Some(original)) = (reference_attrs(url), original)
                    && wanted != original
                {
                    out.push(Diagnostic::new(
                        DiagnosticCode::FlakeLockStale,
                        *range,
                        format!(
                            "flake.lock pins input '{}' from {}, not from this reference; {LOCK_IT}",
                            input.name,
                            eval::flake::input::Input::from_json(&original)
                                .map(|i| format!("'{}'", i.to_url()))
                                .unwrap_or_else(|_| "another reference".into())
                        ),
                    ));
                }
            }
            (Json::String(_), _, Some((target, range))) => out.push(Diagnostic::new(
                DiagnosticCode::FlakeLockStale,
                *range,
                format!(
                    "input '{}' follows '{target}', but flake.lock pins it on its own; {LOCK_IT}",
                    input.name
                ),
            )),
            _ => {}
        }
    }
    if let Some(locked) = locked {
        for name in locked.keys() {
            if !declared.iter().any(|(n, _)| n == name) {
                out.push(Diagnostic::new(
                    DiagnosticCode::FlakeLockStale,
                    decl.inputs_range.unwrap_or(file_start),
                    format!(
                        "flake.lock still has input '{name}', which this flake does not declare; {LOCK_IT}"
                    ),
                ));
            }
        }
    }
    check_follows(decl, lock, &mut out);
    out
}

/// A `follows` path names inputs from the top flake down: each step must exist.
fn check_follows(decl: &FlakeDecl, lock: &Json, out: &mut Vec<Diagnostic>) {
    let follows = decl
        .inputs
        .iter()
        .filter_map(|i| {
            let (t, r) = i.follows.as_ref()?;
            Some((i.name.clone(), t.clone(), *r))
        })
        .chain(decl.inputs.iter().flat_map(|i| {
            i.nested_follows
                .iter()
                .map(|(sub, t, r)| (format!("{}/{sub}", i.name), t.clone(), *r))
        }));
    for (from, target, range) in follows {
        if target.is_empty() {
            continue; // follows the flake itself
        }
        let mut steps = target.split('/');
        let first = steps.next().unwrap_or_default();
        let mut exists = decl.inputs.iter().any(|i| i.name == first)
            || decl.output_args.iter().any(|(n, _)| n == first);
        // Further steps: through the lock's nodes.
        let mut node = root_inputs(lock)
            .and_then(|l| l.get(first))
            .and_then(|n| n.as_str())
            .map(str::to_string);
        for step in steps {
            let Some(n) = &node else {
                break;
            };
            let next = lock.pointer(&format!(
                "/nodes/{}/inputs/{}",
                pointer_escape(n),
                pointer_escape(step)
            ));
            exists &= next.is_some();
            node = next.and_then(|x| x.as_str()).map(str::to_string);
        }
        if !exists {
            out.push(Diagnostic::new(
                DiagnosticCode::FlakeBadFollows,
                range,
                format!("input '{from}' follows '{target}', which does not exist"),
            ));
        }
    }
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
