//! `flake.nix` files: what they declare (`model.rs`, from the syntax), checked against
//! their `flake.lock` (`checks.rs`), and hover on an input showing what it is locked to.
//! The lock's text is given by the host (the server reads it from disk): no query here
//! reads the file system.

mod checks;
pub mod model;

use crate::db::{Db, SourceFile, parse};
use crate::ide::HoverResult;
use crate::{Diagnostic, DiagnosticCode};
use std::path::Path;
use syntax::{TextRange, TextSize};

pub fn is_flake(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "flake.nix")
}

/// The lock-related diagnostics of a `flake.nix` (`lock`: the text of the `flake.lock`
/// beside it, if there is one).
pub fn diagnostics(db: &dyn Db, file: SourceFile, lock: Option<&str>) -> Vec<Diagnostic> {
    let root = parse(db, file).syntax();
    let Some(decl) = model::flake_decl(&root) else {
        return Vec::new();
    };
    let start = TextRange::empty(TextSize::from(0));
    let lock = match lock.map(serde_json::from_str::<serde_json::Value>) {
        None => None,
        Some(Ok(json)) => Some(json),
        Some(Err(e)) => {
            return vec![Diagnostic::new(
                DiagnosticCode::FlakeLockStale,
                start,
                format!("flake.lock is not valid JSON ({e}); run `nix flake lock`"),
            )];
        }
    };
    checks::check(&decl, lock.as_ref(), start)
}

/// The input whose name (declared, or an argument of `outputs`) is at `offset`, and the
/// lock's entry for it.
fn input_at(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
    lock: &str,
) -> Option<(String, TextRange, serde_json::Value, serde_json::Value)> {
    let root = parse(db, file).syntax();
    let decl = model::flake_decl(&root)?;
    let (name, range) = decl
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.name_range))
        .chain(decl.output_args.iter().map(|(n, r)| (n.as_str(), *r)))
        .find(|(_, r)| r.contains_inclusive(offset))?;
    let lock: serde_json::Value = serde_json::from_str(lock).ok()?;
    let root_name = lock["root"].as_str()?;
    let entry = lock["nodes"][root_name]["inputs"][name].clone();
    Some((name.to_string(), range, entry, lock))
}

/// Go to definition on an input's name: the `flake.nix` of its source, where that is on
/// this machine (a `path:` or `git+file:` input's directory, or an existing store path).
pub fn input_definition(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
    lock: Option<&str>,
) -> Option<std::path::PathBuf> {
    let (_, _, entry, lock) = input_at(db, file, offset, lock?)?;
    let node = &lock["nodes"][entry.as_str()?];
    let locked = eval::flake::input::Input::from_json(&node["locked"]).ok()?;
    let source = match locked.kind() {
        "path" => std::path::PathBuf::from(locked.str("path")?),
        "git" => std::path::PathBuf::from(locked.str("url")?.strip_prefix("file://")?),
        _ => {
            let hash = store::hash::Hash::parse_any(
                locked.str("narHash")?,
                Some(store::hash::HashAlgo::Sha256),
            )
            .ok()?;
            let dir = store::StoreDir::new("/nix/store").ok()?;
            let path = dir
                .make_fixed_output_path(
                    "source",
                    store::FileIngestionMethod::Recursive,
                    &hash,
                    &Default::default(),
                )
                .ok()?;
            std::path::PathBuf::from(dir.print(&path))
        }
    };
    let flake = match locked.str("dir") {
        Some(d) => source.join(d).join("flake.nix"),
        None => source.join("flake.nix"),
    };
    flake.is_file().then_some(flake)
}

/// On an input's name (where it is declared, or an argument of `outputs`): what the lock
/// pins it to.
pub fn input_hover(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
    lock: Option<&str>,
) -> Option<HoverResult> {
    let (name, range, entry, lock) = input_at(db, file, offset, lock?)?;
    let markdown = match &entry {
        serde_json::Value::Array(path) => {
            let path: Vec<&str> = path.iter().filter_map(|p| p.as_str()).collect();
            format!("`{name}`: flake input, follows `{}`", path.join("/"))
        }
        serde_json::Value::String(node) => {
            let node = &lock["nodes"][node.as_str()];
            let locked = eval::flake::input::Input::from_json(&node["locked"]).ok()?;
            let mut md = format!("`{name}`: flake input\n\nlocked to `{}`", locked.to_url());
            if let Some(t) = locked.int("lastModified") {
                let d = eval::flake::fetch::date_time(t);
                md.push_str(&format!(" ({}-{}-{})", &d[0..4], &d[4..6], &d[6..8]));
            }
            if let Ok(original) = eval::flake::input::Input::from_json(&node["original"]) {
                md.push_str(&format!("\n\nfrom `{}`", original.to_url()));
            }
            if node["flake"] == serde_json::Value::Bool(false) {
                md.push_str("\n\nnot a flake (`flake = false`)");
            }
            md
        }
        _ => return None,
    };
    Some(HoverResult { markdown, range })
}
