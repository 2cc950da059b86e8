//! `firn options`: the options of a module system, as the index the editor uses sees them.
//! `--json` prints the list in the shape of `lib.optionAttrSetToDocList` (the entries of
//! NixOS's `options.json`); `firn options show NAME` prints one option in full.

use super::eval::{exit_leaving_values, report};
use analysis::options::OptionIndex;
use eval::source::Origin;
use eval::symbol::Symbol;
use eval::{ErrorKind, EvalError, EvalOptions, Machine, Pos, Value};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::rc::Rc;

#[derive(clap::Args)]
pub struct OptionsArgs {
    /// A configuration of a flake: `.#homeConfigurations.me`, `.#nixosConfigurations.host`.
    #[arg(long, value_name = "REF#ATTR", conflicts_with_all = ["expr", "file"])]
    flake: Option<String>,
    /// An expression: an options tree, an `evalModules` result, or `{ options; lib; }`.
    #[arg(long, short = 'E', conflicts_with = "file")]
    expr: Option<String>,
    /// A file holding such an expression.
    #[arg(long)]
    file: Option<PathBuf>,
    /// nixpkgs' lib (a directory), when the expression does not give one; default: the
    /// nearest flake's `nixpkgs`/`nixpkgs-lib` input, else `<nixpkgs/lib>`.
    #[arg(long, value_name = "PATH")]
    lib: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// `PREFIX` (options under it), or `show NAME` (one option in full).
    #[arg(value_name = "PREFIX | show NAME")]
    words: Vec<String>,
}

fn fail(message: impl Into<String>) -> Box<EvalError> {
    EvalError::new(ErrorKind::Eval, message, Pos::NONE)
}

pub fn run(args: OptionsArgs) -> std::process::ExitCode {
    let mut options = EvalOptions::default();
    options.limits.max_memory = super::memory_limit::MemoryLimit::default_for_machine().0;
    if let Ok(nix_path) = std::env::var("NIX_PATH") {
        for entry in nix_path.split(':').filter(|e| !e.is_empty()) {
            options
                .search_path
                .push(eval::SearchPathEntry::parse(entry));
        }
    }
    options.interrupt = Some(super::interrupt::on_ctrl_c());
    // The editor's `firn.options` command hands over the expression its own evaluation
    // uses (a flake-parts flake's inputs are read without calling its outputs).
    options.editor = true;
    let mut m = Machine::new(options, Rc::new(eval::DiskFileSystem));
    let result = print(&mut m, &args);
    let code = match &result {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            report(&m, e);
            1
        }
    };
    exit_leaving_values(code, result, m)
}

fn print(m: &mut Machine, args: &OptionsArgs) -> Result<String, Box<EvalError>> {
    let (options, lib) = source(m, args)?;
    let index = OptionIndex::build(m, &lib, &options)?;
    let (show, prefix) = match args.words.as_slice() {
        [show, name] if show == "show" => (Some(name.as_str()), None),
        [prefix] => (None, Some(prefix.as_str())),
        [] => (None, None),
        _ => return Err(fail("expected PREFIX, or `show NAME`")),
    };
    if let Some(name) = show {
        let Some(i) = index.options.iter().position(|o| o.name == name) else {
            return Err(fail(format!("no option '{name}'")));
        };
        let doc = index.doc(m, i);
        return Ok(if args.json {
            format!("{doc}\n")
        } else {
            describe(&doc)
        });
    }
    let under = |name: &str| match prefix {
        None => true,
        Some(p) => name == p || name.starts_with(&format!("{p}.")),
    };
    let chosen: Vec<usize> = (0..index.options.len())
        .filter(|&i| under(&index.options[i].name))
        .collect();
    if args.json {
        let docs: Vec<Json> = chosen.iter().map(|&i| index.doc(m, i)).collect();
        return Ok(format!("{}\n", Json::Array(docs)));
    }
    let mut out = String::new();
    for i in chosen {
        let o = &index.options[i];
        if o.visible && !o.internal {
            out.push_str(&format!("{} ({})\n", o.name, o.type_description));
        }
    }
    Ok(out)
}

/// One option, for people.
fn describe(doc: &Json) -> String {
    let text = |v: &Json| match v {
        Json::String(s) => s.clone(),
        Json::Object(o) if o.contains_key("text") => o["text"].as_str().unwrap_or("").to_string(),
        other => other.to_string(),
    };
    let mut out = format!("{}\n  type: {}\n", text(&doc["name"]), text(&doc["type"]));
    for field in ["default", "example"] {
        if let Some(v) = doc.get(field) {
            out.push_str(&format!("  {field}: {}\n", text(v).replace('\n', "\n    ")));
        }
    }
    if doc["readOnly"] == Json::Bool(true) {
        out.push_str("  read-only\n");
    }
    if let Some(d) = doc.get("description").filter(|d| !d.is_null()) {
        out.push_str(&format!("\n{}\n", text(d)));
    }
    if let Some(Json::Array(decls)) = doc.get("declarations") {
        for d in decls {
            out.push_str(&format!("\ndeclared in {}", text(d)));
        }
        out.push('\n');
    }
    out
}

/// The options tree and nixpkgs' lib.
fn source(m: &mut Machine, args: &OptionsArgs) -> Result<(Value, Value), Box<EvalError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let value = if let Some(flake) = &args.flake {
        let (reference, attr_path) = flake.split_once('#').unwrap_or((flake, ""));
        let (input, dir) = m.resolve_flake_ref(reference, &cwd, true, Pos::NONE)?;
        let loaded = m.load_flake(&input, &dir, Pos::NONE)?;
        let mut v = m.call_flake(&loaded, Pos::NONE)?;
        for name in attr_path.split('.').filter(|s| !s.is_empty()) {
            let attrs = m.force_attrs(&v, Pos::NONE)?;
            v = m.require_attr(&attrs, Symbol::new(name), Pos::NONE)?;
        }
        m.force(&v)?
    } else if let Some(expr) = &args.expr {
        m.eval_source(Origin::Text("«string»"), expr, &cwd)?
    } else if let Some(file) = &args.file {
        let file = cwd.join(file);
        m.import_file(&file, Pos::NONE)?
    } else {
        return Err(fail("give --flake, --expr or --file"));
    };
    // A file that is a function of `{ … ? default }` is called, as nix-instantiate calls it.
    let value = m.auto_call(value, &eval::value::Attrs::new())?;
    let attrs = m.force_attrs(&value, Pos::NONE)?;
    // `{ options; … }` (an evalModules result, `_type = "configuration"`, or a set with
    // `lib`), or the tree itself (whose `options` would be an option named so).
    let holder = match attrs.get(Symbol::new("_type")) {
        None => true,
        Some(t) => {
            let t = m.force(&t.clone())?;
            matches!(&t, Value::String(s) if s.as_str() == "configuration")
        }
    };
    let options = match attrs.get(Symbol::new("options")) {
        Some(o) if holder => o.clone(),
        _ => value.clone(),
    };
    let lib = match attrs.get(Symbol::new("lib")) {
        Some(l) if holder && attrs.get(Symbol::new("_type")).is_none() => l.clone(),
        _ => find_lib(m, args, &cwd)?,
    };
    Ok((options, lib))
}

fn find_lib(m: &mut Machine, args: &OptionsArgs, cwd: &Path) -> Result<Value, Box<EvalError>> {
    let expr = match &args.lib {
        Some(dir) => format!("import {}", cwd.join(dir).display()),
        None => {
            let flake = cwd.ancestors().find(|d| d.join("flake.nix").is_file());
            match flake {
                Some(dir) => format!(
                    "let f = builtins.getFlake \"{}\"; in f.inputs.nixpkgs.lib or f.inputs.nixpkgs-lib.lib or (import <nixpkgs/lib>)",
                    dir.display()
                ),
                None => "import <nixpkgs/lib>".to_string(),
            }
        }
    };
    m.eval_source(Origin::Text("«lib»"), &expr, cwd)
}
