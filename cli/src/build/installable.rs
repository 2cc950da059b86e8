//! What `firn build` and `firn print-dev-env` are asked for, evaluated to derivations:
//! flake references (`.#hello`, `path:/p#x`), or attribute paths of a file (`-f`) or an
//! expression (`--expr`), with `--arg`/`--argstr` passed to functions on the way, as
//! `nix build` does.

use eval::flake::Flake;
use eval::symbol::Symbol;
use eval::{ErrorKind, EvalError, Machine, Pos, Value};
use std::path::PathBuf;

/// Where installables come from (the flags every building command shares).
#[derive(clap::Args, Debug, Clone)]
pub struct InstallableArgs {
    /// Flake references (`.#hello`, `path:/p#x`; default `.`), or with `-f`/`--expr`
    /// attribute paths in that file or expression.
    pub installables: Vec<String>,
    /// Take attribute paths from this file (`nix build -f`).
    #[arg(short = 'f', long = "file", conflicts_with = "expr")]
    pub file: Option<String>,
    /// Take attribute paths from this expression.
    #[arg(long = "expr")]
    pub expr: Option<String>,
    /// An attribute path of the file (as nix-build's `-A`; the file defaults to
    /// `./default.nix`).
    #[arg(short = 'A', long = "attr")]
    pub attr: Vec<String>,
    /// Pass NAME = EXPR to a top-level function.
    #[arg(long, num_args = 2, value_names = ["NAME", "EXPR"])]
    pub arg: Vec<String>,
    /// Pass NAME = "STR" to a top-level function.
    #[arg(long, num_args = 2, value_names = ["NAME", "STR"])]
    pub argstr: Vec<String>,
    /// Add a search-path entry (`PATH` or `PREFIX=PATH`), before those of `NIX_PATH`.
    #[arg(short = 'I', value_name = "PATH")]
    pub include: Vec<String>,
    /// Show the chain of evaluations that led to an error.
    #[arg(long)]
    pub show_trace: bool,
}

/// One derivation to build, and which of its outputs.
#[derive(Clone, Debug)]
pub struct Target {
    pub drv_path: String,
    pub outputs: Vec<String>,
    /// How the user named it (`.#hello`, `-f default.nix hello`).
    pub label: String,
}

impl InstallableArgs {
    /// The evaluator these installables need: pure for flakes, as Nix evaluates them.
    pub fn machine(&self) -> Machine {
        let mut m = if self.uses_file() {
            crate::flake::machine(true)
        } else {
            crate::flake::machine(false)
        };
        for entry in &self.include {
            m.options
                .search_path
                .push(eval::SearchPathEntry::parse(entry));
        }
        if let Ok(nix_path) = std::env::var("NIX_PATH") {
            for entry in nix_path.split(':').filter(|e| !e.is_empty()) {
                m.options
                    .search_path
                    .push(eval::SearchPathEntry::parse(entry));
            }
        }
        m.options.show_trace = self.show_trace;
        m
    }

    fn uses_file(&self) -> bool {
        self.file.is_some() || self.expr.is_some() || !self.attr.is_empty()
    }

    /// Evaluates every installable to its derivations. `flake_defaults` are the attribute
    /// paths tried for a flake reference without one (`packages.<system>.default`, …);
    /// `flake_prefixes` are put before a given one (`packages.<system>.`, …).
    pub fn targets(
        &self,
        m: &mut Machine,
        flake_defaults: &[String],
        flake_prefixes: &[String],
    ) -> Result<Vec<Target>, Box<EvalError>> {
        if self.uses_file() {
            return self.file_targets(m);
        }
        let refs = if self.installables.is_empty() {
            vec![".".to_string()]
        } else {
            self.installables.clone()
        };
        let mut targets = Vec::new();
        for r in refs {
            let (flake_ref, fragment) = r.split_once('#').unwrap_or((&r, ""));
            let flake = load_flake(m, flake_ref)?;
            let value = m.call_flake(&flake, Pos::NONE)?;
            let candidates: Vec<String> = if fragment.is_empty() {
                flake_defaults.to_vec()
            } else if let Some(exact) = fragment.strip_prefix('.') {
                vec![exact.to_string()]
            } else {
                flake_prefixes
                    .iter()
                    .map(|p| format!("{p}{fragment}"))
                    .chain([fragment.to_string()])
                    .collect()
            };
            let mut found = None;
            for path in &candidates {
                if let Some(v) = select_if_present(m, &value, path)? {
                    found = Some((path.clone(), v));
                    break;
                }
            }
            let Some((path, v)) = found else {
                let tried: Vec<String> = candidates.iter().map(|c| format!("'{c}'")).collect();
                return Err(fail(format!(
                    "flake '{}' does not provide attribute {}",
                    flake.locked_with_dir().to_url(),
                    tried.join(", ")
                )));
            };
            targets.extend(derivations_of(m, &v, &format!("{flake_ref}#{path}"))?);
        }
        Ok(targets)
    }

    fn file_targets(&self, m: &mut Machine) -> Result<Vec<Target>, Box<EvalError>> {
        let (origin, text, base_dir) =
            crate::eval::read_source(self.expr.as_deref(), self.file.as_deref())?;
        let name = match (&self.expr, &self.file) {
            (Some(_), _) => "--expr".to_string(),
            (None, file) => file.clone().unwrap_or_else(|| "default.nix".into()),
        };
        let root = m.eval_source(origin, &text, &base_dir)?;
        let auto_args = crate::eval::auto_args(m, &self.arg, &self.argstr)?;
        let mut paths: Vec<String> = self
            .installables
            .iter()
            .chain(&self.attr)
            .cloned()
            .collect();
        if paths.is_empty() {
            paths.push(String::new());
        }
        let mut targets = Vec::new();
        for path in paths {
            let mut value = root.clone();
            for part in path.split('.').filter(|p| !p.is_empty()) {
                value = m.auto_call(value, &auto_args)?;
                value = m.select_path_component(&value, part)?;
            }
            value = m.auto_call(value, &auto_args)?;
            let label = if path.is_empty() {
                name.clone()
            } else {
                format!("{name} {path}")
            };
            targets.extend(derivations_of(m, &value, &label)?);
        }
        Ok(targets)
    }
}

pub fn fail(message: String) -> Box<EvalError> {
    EvalError::new(ErrorKind::Eval, message, Pos::NONE)
}

fn load_flake(m: &mut Machine, flake_ref: &str) -> Result<Flake, Box<EvalError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let flake_ref = if flake_ref.is_empty() { "." } else { flake_ref };
    let (input, dir) = m.resolve_flake_ref(flake_ref, &cwd, true, Pos::NONE)?;
    m.load_flake(&input, &dir, Pos::NONE)
}

/// `value.a.b.c` when every step exists, else `None`.
fn select_if_present(
    m: &mut Machine,
    value: &Value,
    path: &str,
) -> Result<Option<Value>, Box<EvalError>> {
    let mut v = value.clone();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let attrs = m.force_attrs(&v, Pos::NONE)?;
        match attrs.get(Symbol::new(part)) {
            Some(next) => v = next.clone(),
            None => return Ok(None),
        }
    }
    Ok(Some(v))
}

/// The derivation `value` is (building its `outputName`, as Nix 2.8's `nix build` does),
/// or each one of a list of them.
fn derivations_of(
    m: &mut Machine,
    value: &Value,
    label: &str,
) -> Result<Vec<Target>, Box<EvalError>> {
    let value = m.force(value)?;
    if let Value::List(items) = &value {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            out.extend(derivations_of(m, item, &format!("{label}[{i}]"))?);
        }
        return Ok(out);
    }
    let is_derivation = match &value {
        Value::Attrs(a) => m.is_derivation(a)?,
        _ => false,
    };
    if !is_derivation {
        return Err(fail(format!(
            "'{label}' is not a derivation but {}",
            value.type_desc()
        )));
    }
    let attrs = m.force_attrs(&value, Pos::NONE)?;
    let drv_path = m.select_path_component(&value, "drvPath")?;
    let drv_path = m.force_str(&drv_path, Pos::NONE)?.as_str().to_string();
    let output = match attrs.get(Symbol::new("outputName")) {
        Some(o) => m.force_plain_str(&o.clone(), Pos::NONE)?.to_string(),
        None => "out".to_string(),
    };
    Ok(vec![Target {
        drv_path,
        outputs: vec![output],
        label: label.to_string(),
    }])
}
