//! JSON output shared by the evaluator (`builtins.toJSON`) and the CLI (`firn derivation
//! show`): strings escaped as Nix escapes them, and derivations in the layout of
//! `nix show-derivation` (Nix 2.8; `nix derivation show` in later versions).

use crate::derivation::Derivation;
use crate::store_path::{StoreDir, StorePath};
use std::fmt::Write;

/// Appends `s` as a JSON string: quotes, backslashes and control characters escaped,
/// everything else (non-ASCII included) as is.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if let Some(e) = crate::aterm::escape(c) {
            out.push_str(e);
            continue;
        }
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A pretty printer with two-space indentation, as Nix prints JSON for people.
struct Pretty {
    out: String,
    /// For each open object or array, innermost last: whether it has no member yet. Its
    /// length is the indentation depth.
    empty: Vec<bool>,
}

impl Pretty {
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.empty.push(true);
    }

    fn close(&mut self, bracket: char) {
        if !self.empty.pop().unwrap_or(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.empty.len() {
            self.out.push_str("  ");
        }
    }

    /// Starts a member: the separator, a new line, and the key for an object member.
    fn member(&mut self, key: Option<&str>) {
        if let Some(empty) = self.empty.last_mut() {
            if !*empty {
                self.out.push(',');
            }
            *empty = false;
        }
        self.newline();
        if let Some(key) = key {
            write_string(&mut self.out, key);
            self.out.push_str(": ");
        }
    }

    fn string(&mut self, key: Option<&str>, value: &str) {
        self.member(key);
        write_string(&mut self.out, value);
    }

    fn strings<'a>(&mut self, key: &str, values: impl IntoIterator<Item = &'a str>) {
        self.member(Some(key));
        self.open('[');
        for v in values {
            self.string(None, v);
        }
        self.close(']');
    }
}

/// The JSON object `nix show-derivation` prints: each derivation under its `.drv` path, in
/// the order given.
pub fn show_derivations(drvs: &[(&StorePath, &Derivation)], store_dir: &StoreDir) -> String {
    let mut p = Pretty {
        out: String::new(),
        empty: Vec::new(),
    };
    p.open('{');
    for (path, drv) in drvs {
        p.member(Some(&store_dir.print(path)));
        p.open('{');
        p.member(Some("outputs"));
        p.open('{');
        for (name, output) in &drv.outputs {
            p.member(Some(name));
            p.open('{');
            if let Some(path) = &output.path {
                p.string(Some("path"), &store_dir.print(path));
            }
            if !output.hash_algo.is_empty() {
                p.string(Some("hashAlgo"), &output.hash_algo);
            }
            if !output.hash.is_empty() {
                p.string(Some("hash"), &output.hash);
            }
            p.close('}');
        }
        p.close('}');
        let srcs: Vec<String> = drv.input_srcs.iter().map(|s| store_dir.print(s)).collect();
        p.strings("inputSrcs", srcs.iter().map(String::as_str));
        p.member(Some("inputDrvs"));
        p.open('{');
        for (input, outputs) in &drv.input_drvs {
            p.strings(&store_dir.print(input), outputs.iter().map(String::as_str));
        }
        p.close('}');
        p.string(Some("system"), &drv.system);
        p.string(Some("builder"), &drv.builder);
        p.strings("args", drv.args.iter().map(String::as_str));
        p.member(Some("env"));
        p.open('{');
        for (k, v) in &drv.env {
            p.string(Some(k), v);
        }
        p.close('}');
        p.close('}');
    }
    p.close('}');
    p.out
}
