//! `firn flake show`: the outputs tree, each output described by its kind as Nix 2.8's
//! `nix flake show` describes it (derivations by name and `meta.description`, apps,
//! templates, overlays, NixOS configurations and modules; anything else is "unknown").

use eval::flake::Flake;
use eval::symbol::Symbol;
use eval::value::Attrs;
use eval::{ErrorKind, EvalError, Machine, Pos, Value};
use serde_json::{Map, Value as Json};
use std::io::IsTerminal;
use std::rc::Rc;

/// `hydraJobs` may nest: deeper than this is refused rather than followed.
const MAX_DEPTH: usize = 64;

pub fn run(
    m: &mut Machine,
    flake: &Flake,
    as_json: bool,
    legacy: bool,
) -> Result<String, Box<EvalError>> {
    let value = m.call_flake(flake, Pos::NONE)?;
    let attrs = m.force_attrs(&value, Pos::NONE)?;
    let outputs = m.require_attr(&attrs, Symbol::new("outputs"), Pos::NONE)?;
    let mut show = Show {
        m,
        legacy,
        text: String::new(),
        as_json,
        color: std::io::stdout().is_terminal(),
    };
    let header = show.bold(&flake.locked_with_dir().to_url());
    let json = show.visit(&outputs, &mut Vec::new(), &header, "")?;
    Ok(if as_json {
        format!("{json}\n")
    } else {
        show.text
    })
}

struct Show<'m> {
    m: &'m mut Machine,
    legacy: bool,
    as_json: bool,
    color: bool,
    text: String,
}

/// What an output at a path is, by the standard schema.
enum Kind {
    Tree,
    Derivation,
    /// A `hydraJobs` node: a derivation, or a tree of them.
    Jobs,
    Legacy,
    App,
    Template,
    Other(&'static str, &'static str),
}

fn kind(path: &[String]) -> Kind {
    let first = path.first().map(String::as_str).unwrap_or("");
    let n = path.len();
    match (first, n) {
        (_, 0) => Kind::Tree,
        (
            "defaultPackage"
            | "devShell"
            | "formatter"
            | "nixosConfigurations"
            | "nixosModules"
            | "defaultApp"
            | "templates"
            | "overlays",
            1,
        ) => Kind::Tree,
        ("checks" | "packages" | "devShells" | "apps", 1 | 2) => Kind::Tree,
        ("defaultPackage" | "devShell" | "formatter", 2) => Kind::Derivation,
        ("checks" | "packages" | "devShells", 3) => Kind::Derivation,
        ("hydraJobs", _) => Kind::Jobs,
        ("legacyPackages", _) => Kind::Legacy,
        ("defaultApp", 2) | ("apps", 3) => Kind::App,
        ("defaultTemplate", 1) | ("templates", 2) => Kind::Template,
        ("overlay", 1) | ("overlays", 2) => Kind::Other("nixpkgs-overlay", "Nixpkgs overlay"),
        ("nixosConfigurations", 2) => Kind::Other("nixos-configuration", "NixOS configuration"),
        ("nixosModule", 1) | ("nixosModules", 2) => Kind::Other("nixos-module", "NixOS module"),
        _ => Kind::Other("unknown", "unknown"),
    }
}

fn fail(message: String) -> Box<EvalError> {
    EvalError::new(ErrorKind::Eval, message, Pos::NONE)
}

impl Show<'_> {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn line(&mut self, s: String) {
        if !self.as_json {
            self.text.push_str(&s);
            self.text.push('\n');
        }
    }

    fn visit(
        &mut self,
        value: &Value,
        path: &mut Vec<String>,
        header: &str,
        prefix: &str,
    ) -> Result<Json, Box<EvalError>> {
        if path.len() > MAX_DEPTH {
            return Err(fail(format!(
                "'{}' nests deeper than {MAX_DEPTH} levels",
                path.join(".")
            )));
        }
        let result = self.visit_kind(value, path, header, prefix);
        match result {
            // Nix skips what fails to evaluate under `legacyPackages`.
            Err(e) if path.first().is_some_and(|f| f == "legacyPackages") => {
                let _ = e;
                Ok(Json::Object(Map::new()))
            }
            other => other,
        }
    }

    fn visit_kind(
        &mut self,
        value: &Value,
        path: &mut Vec<String>,
        header: &str,
        prefix: &str,
    ) -> Result<Json, Box<EvalError>> {
        let mut j = Map::new();
        match kind(path) {
            Kind::Tree => return self.recurse(value, path, header, prefix),
            Kind::Derivation => match self.derivation(value)? {
                Some(attrs) => self.show_derivation(&attrs, path, header, &mut j)?,
                None => {
                    return Err(fail(format!(
                        "expected a derivation at '{}'",
                        path.join(".")
                    )));
                }
            },
            Kind::Jobs => match self.derivation(value)? {
                Some(attrs) => self.show_derivation(&attrs, path, header, &mut j)?,
                None => return self.recurse(value, path, header, prefix),
            },
            Kind::Legacy => {
                if path.len() == 1 {
                    return self.recurse(value, path, header, prefix);
                }
                if !self.legacy {
                    if !self.as_json {
                        eprintln!("warning: {header}: omitted (use '--legacy' to show)");
                    }
                    return Ok(Json::Object(j));
                }
                match self.derivation(value)? {
                    Some(attrs) => self.show_derivation(&attrs, path, header, &mut j)?,
                    None if path.len() <= 2 => return self.recurse(value, path, header, prefix),
                    None => {}
                }
            }
            Kind::App => {
                let attrs = self.m.force_attrs(value, Pos::NONE)?;
                let is_app = match attrs.get(Symbol::new("type")) {
                    Some(t) => &*self.m.force_plain_str(&t.clone(), Pos::NONE)? == "app",
                    None => false,
                };
                if !is_app {
                    return Err(fail(format!(
                        "'{}' is not an app definition",
                        path.join(".")
                    )));
                }
                j.insert("type".into(), "app".into());
                self.line(format!("{header}: app"));
            }
            Kind::Template => {
                let attrs = self.m.force_attrs(value, Pos::NONE)?;
                let d = self
                    .m
                    .require_attr(&attrs, Symbol::new("description"), Pos::NONE)?;
                let d = self.m.force_plain_str(&d, Pos::NONE)?.to_string();
                j.insert("type".into(), "template".into());
                j.insert("description".into(), d.clone().into());
                let d = self.bold(&d);
                self.line(format!("{header}: template: {d}"));
            }
            Kind::Other(kind, description) => {
                j.insert("type".into(), kind.into());
                self.line(format!("{header}: {description}"));
            }
        }
        Ok(Json::Object(j))
    }

    /// The attributes of a derivation (`type = "derivation"`), or `None`.
    fn derivation(&mut self, value: &Value) -> Result<Option<Rc<Attrs>>, Box<EvalError>> {
        let value = self.m.force(value)?;
        let Value::Attrs(attrs) = &value else {
            return Ok(None);
        };
        Ok(self.m.is_derivation(attrs)?.then(|| attrs.clone()))
    }

    fn show_derivation(
        &mut self,
        attrs: &Attrs,
        path: &[String],
        header: &str,
        j: &mut Map<String, Json>,
    ) -> Result<(), Box<EvalError>> {
        let name = self.m.require_attr(attrs, Symbol::new("name"), Pos::NONE)?;
        let name = self.m.force_plain_str(&name, Pos::NONE)?.to_string();
        let mut description = None;
        if let Some(meta) = attrs.get(Symbol::new("meta")) {
            let meta = self.m.force_attrs(&meta.clone(), Pos::NONE)?;
            if let Some(d) = meta.get(Symbol::new("description")) {
                description = Some(self.m.force_plain_str(&d.clone(), Pos::NONE)?.to_string());
            }
        }
        j.insert("type".into(), "derivation".into());
        j.insert("name".into(), name.clone().into());
        if let Some(d) = description {
            j.insert("description".into(), d.into());
        }
        let first = path.first().map(String::as_str).unwrap_or("");
        let what = match (first, path.len()) {
            ("devShell", 2) | ("devShells", 2..) => "development environment",
            ("checks", 3) | ("hydraJobs", _) => "derivation",
            _ => "package",
        };
        self.line(format!("{header}: {what} '{name}'"));
        Ok(())
    }

    fn recurse(
        &mut self,
        value: &Value,
        path: &mut Vec<String>,
        header: &str,
        prefix: &str,
    ) -> Result<Json, Box<EvalError>> {
        self.line(header.to_string());
        let attrs = self.m.force_attrs(value, Pos::NONE)?;
        let children = attrs.sorted_by_name();
        let count = children.len();
        let mut j = Map::new();
        for (i, child) in children.into_iter().enumerate() {
            let last = i + 1 == count;
            let name = child.name.name().to_string();
            let branch = if last { "└───" } else { "├───" };
            let branch = if self.color {
                format!("\x1b[32;1m{prefix}{branch}\x1b[0m")
            } else {
                format!("{prefix}{branch}")
            };
            let header = format!("{branch}{}", self.bold(&name));
            let next = format!("{prefix}{}", if last { "    " } else { "│   " });
            path.push(name.clone());
            let sub = self.visit(&child.value, path, &header, &next);
            path.pop();
            j.insert(name, sub?);
        }
        Ok(Json::Object(j))
    }
}
