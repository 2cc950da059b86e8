//! The two forms of an environment that are not Nix's JSON: the bash script `nix
//! print-dev-env` prints (and `nix develop` sources), and the form an editor applies.

use super::DevEnv;
use serde_json::{Map, Value as Json};
use std::fmt::Write;
use std::path::Path;

/// Variables that belong to the build, not to a shell (Nix's `ignoreVars`).
const IGNORED: &[&str] = &[
    "BASHOPTS",
    "HOME",
    "NIX_BUILD_TOP",
    "NIX_ENFORCE_PURITY",
    "NIX_LOG_FD",
    "NIX_REMOTE",
    "PPID",
    "SHELLOPTS",
    "SSL_CERT_FILE",
    "TEMP",
    "TEMPDIR",
    "TERM",
    "TMP",
    "TMPDIR",
    "TZ",
    "UID",
];

fn shell_escape(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn variables(env: &Json) -> impl Iterator<Item = (&String, &Json)> {
    env.get("variables")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| !IGNORED.contains(&name.as_str()))
}

/// The outputs' paths, which a shell sees as `$PWD/outputs/<name>` (as in `nix develop`).
fn output_rewrites(env: &Json, cwd: &Path) -> Vec<(String, String)> {
    let vars = env.get("variables");
    let value = |name: &str| {
        vars.and_then(|v| v.get(name))
            .and_then(|v| v.get("value"))
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let outputs = value("outputs").unwrap_or_else(|| "out".into());
    outputs
        .split_whitespace()
        .filter_map(|o| {
            let path = value(o)?;
            (!path.is_empty()).then(|| (path, cwd.join("outputs").join(o).display().to_string()))
        })
        .collect()
}

/// The script `nix print-dev-env` prints: every variable and function, `PATH` joined with
/// the caller's, a fresh temporary directory, then the shell hook.
pub fn rc_script(env: &Json, cwd: &Path) -> String {
    let mut out = String::from("unset shellHook\nnix_saved_PATH=\"$PATH\"\n");
    for (name, var) in variables(env) {
        let value = &var["value"];
        match var["type"].as_str() {
            Some(kind @ ("exported" | "var")) => {
                let _ = writeln!(out, "{name}={}", shell_escape(value.as_str().unwrap_or("")));
                if kind == "exported" {
                    let _ = writeln!(out, "export {name}");
                }
            }
            Some("array") => {
                let items: Vec<String> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| shell_escape(v.as_str().unwrap_or("")))
                    .collect();
                let _ = writeln!(out, "declare -a {name}=({})", items.join(" "));
            }
            Some("associative") => {
                let items: Vec<String> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| {
                        format!(
                            "[{}]={}",
                            shell_escape(k),
                            shell_escape(v.as_str().unwrap_or(""))
                        )
                    })
                    .collect();
                let _ = writeln!(out, "declare -A {name}=({})", items.join(" "));
            }
            _ => {}
        }
    }
    if let Some(functions) = env.get("bashFunctions").and_then(Json::as_object) {
        for (name, body) in functions {
            let _ = write!(out, "{name} ()\n{{\n{}}}\n", body.as_str().unwrap_or(""));
        }
    }
    out.push_str("PATH=\"$PATH:$nix_saved_PATH\"\n");
    out.push_str("export NIX_BUILD_TOP=\"$(mktemp -d -t nix-shell.XXXXXX)\"\n");
    for var in ["TMP", "TMPDIR", "TEMP", "TEMPDIR"] {
        let _ = writeln!(out, "export {var}=\"$NIX_BUILD_TOP\"");
    }
    out.push_str("eval \"$shellHook\"\n");
    for (from, to) in output_rewrites(env, cwd) {
        out = out.replace(&from, &to);
    }
    out
}

/// What an editor applies to its terminals, tasks and language servers: the exported
/// variables (no build-only ones, no shell hook, `PATH` joined with `current_path`), the
/// hook on its own (never run by the editor), and the files to watch.
pub fn editor_json(env: &DevEnv, current_path: &str) -> Json {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rewrites = output_rewrites(&env.json, &cwd);
    let mut vars = Map::new();
    let mut hook = Json::Null;
    for (name, var) in variables(&env.json) {
        if var["type"] != "exported" {
            continue;
        }
        let mut value = var["value"].as_str().unwrap_or("").to_string();
        for (from, to) in &rewrites {
            value = value.replace(from, to);
        }
        match name.as_str() {
            "shellHook" => hook = Json::String(value),
            "PATH" if !current_path.is_empty() => {
                vars.insert(
                    name.clone(),
                    Json::String(format!("{value}:{current_path}")),
                );
            }
            _ => {
                vars.insert(name.clone(), Json::String(value));
            }
        }
    }
    serde_json::json!({
        "env": vars,
        "shellHook": hook,
        "drvPath": env.env_drv,
        "outPath": env.out_path,
        "inputs": env.inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_quote_and_export_as_nix_does() {
        let env = serde_json::json!({"bashFunctions": {"f": " \n    echo hi\n"}, "variables": {
            "A": {"type": "exported", "value": "it's"},
            "HOME": {"type": "exported", "value": "/homeless-shelter"},
            "arr": {"type": "array", "value": ["x", "y z"]},
            "out": {"type": "exported", "value": "/nix/store/abc-x-env"},
            "v": {"type": "var", "value": "/nix/store/abc-x-env/bin"}}});
        let script = rc_script(&env, Path::new("/p"));
        assert_eq!(
            script,
            "unset shellHook\nnix_saved_PATH=\"$PATH\"\nA='it'\\''s'\nexport A\n\
             declare -a arr=('x' 'y z')\nout='/p/outputs/out'\nexport out\n\
             v='/p/outputs/out/bin'\nf ()\n{\n \n    echo hi\n}\n\
             PATH=\"$PATH:$nix_saved_PATH\"\n\
             export NIX_BUILD_TOP=\"$(mktemp -d -t nix-shell.XXXXXX)\"\n\
             export TMP=\"$NIX_BUILD_TOP\"\nexport TMPDIR=\"$NIX_BUILD_TOP\"\n\
             export TEMP=\"$NIX_BUILD_TOP\"\nexport TEMPDIR=\"$NIX_BUILD_TOP\"\n\
             eval \"$shellHook\"\n"
        );
    }
}
