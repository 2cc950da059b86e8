//! `firn flake metadata`: what Nix 2.8's `nix flake metadata` prints.

use eval::flake::Flake;
use eval::flake::fetch::date_time;
use eval::flake::input::Input;
use serde_json::{Value as Json, json};
use std::fmt::Write;
use std::io::IsTerminal;

pub fn run(flake: &Flake, as_json: bool) -> String {
    let original = flake.original_with_dir();
    let locked = flake.locked_with_dir();
    if as_json {
        let mut j = json!({
            "locked": locked.to_json(),
            "locks": flake.lock,
            "original": original.to_json(),
            "originalUrl": original.to_url(),
            "path": flake.fetched.store_path,
            "resolved": original.to_json(),
            "resolvedUrl": original.to_url(),
            "url": locked.to_url(),
        });
        let obj = j.as_object_mut().expect("an object");
        if let Some(d) = &flake.description {
            obj.insert("description".into(), json!(d));
        }
        if let Some(rev) = locked.str("rev") {
            obj.insert("revision".into(), json!(rev));
        }
        if let Some(n) = locked.int("revCount") {
            obj.insert("revCount".into(), json!(n));
        }
        if let Some(t) = locked.int("lastModified") {
            obj.insert("lastModified".into(), json!(t));
        }
        return format!("{j}\n");
    }
    let bold = |s: &str| {
        if std::io::stdout().is_terminal() {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        let _ = writeln!(out, "{} {value}", bold(&format!("{label:<14}")));
    };
    line("Resolved URL:", &original.to_url());
    line("Locked URL:", &locked.to_url());
    if let Some(d) = &flake.description {
        line("Description:", d);
    }
    line("Path:", &flake.fetched.store_path);
    if let Some(rev) = locked.str("rev") {
        line("Revision:", rev);
    }
    if let Some(n) = locked.int("revCount") {
        line("Revisions:", &n.to_string());
    }
    if let Some(t) = locked.int("lastModified") {
        line("Last modified:", &readable_date(t));
    }
    let root = flake.lock["root"].as_str().unwrap_or("root");
    let nodes = &flake.lock["nodes"];
    if nodes[root]["inputs"]
        .as_object()
        .is_some_and(|i| !i.is_empty())
    {
        let _ = writeln!(out, "{}", bold("Inputs:"));
        let mut visited = vec![root.to_string()];
        inputs_tree(&mut out, nodes, root, "", &mut visited, &bold);
    }
    out
}

/// `YYYY-MM-DD HH:MM:SS` (UTC).
fn readable_date(t: i64) -> String {
    let d = date_time(t);
    format!(
        "{}-{}-{} {}:{}:{}",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

fn inputs_tree(
    out: &mut String,
    nodes: &Json,
    node: &str,
    prefix: &str,
    visited: &mut Vec<String>,
    bold: &dyn Fn(&str) -> String,
) {
    let Some(inputs) = nodes[node]["inputs"].as_object() else {
        return;
    };
    let count = inputs.len();
    for (i, (name, spec)) in inputs.iter().enumerate() {
        let last = i + 1 == count;
        let branch = if last { "└───" } else { "├───" };
        let next = format!("{prefix}{}", if last { "    " } else { "│   " });
        match spec {
            Json::Array(path) => {
                let path: Vec<&str> = path.iter().filter_map(|p| p.as_str()).collect();
                let _ = writeln!(
                    out,
                    "{prefix}{branch}{} follows input '{}'",
                    bold(name),
                    path.join("/")
                );
            }
            Json::String(target) => {
                let url = Input::from_json(&nodes[target]["locked"])
                    .map(|i| i.to_url())
                    .unwrap_or_default();
                let _ = writeln!(out, "{prefix}{branch}{}: {url}", bold(name));
                if !visited.contains(target) {
                    visited.push(target.clone());
                    inputs_tree(out, nodes, target, &next, visited, bold);
                }
            }
            _ => {}
        }
    }
}
