//! A fetcher input: the attributes of a flake reference or a lock entry (`type`, `path`,
//! `url`, `rev`, `narHash`, …), as `fetchTree` takes them and `flake.lock` stores them.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
    Bool(bool),
}

impl AttrValue {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            AttrValue::Str(s) => serde_json::Value::String(s.clone()),
            AttrValue::Int(i) => serde_json::Value::from(*i),
            AttrValue::Bool(b) => serde_json::Value::Bool(*b),
        }
    }

    /// The form a URL query gives it.
    fn query_text(&self) -> String {
        match self {
            AttrValue::Str(s) => percent_encode(s),
            AttrValue::Int(i) => i.to_string(),
            AttrValue::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        }
    }
}

/// Attributes sorted by name, as Nix keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input(pub BTreeMap<String, AttrValue>);

impl Input {
    pub fn from_json(j: &serde_json::Value) -> Result<Input, String> {
        let obj = j
            .as_object()
            .ok_or_else(|| format!("expected an object of input attributes, got {j}"))?;
        let mut attrs = BTreeMap::new();
        for (k, v) in obj {
            let v = match v {
                serde_json::Value::String(s) => AttrValue::Str(s.clone()),
                serde_json::Value::Bool(b) => AttrValue::Bool(*b),
                serde_json::Value::Number(n) => AttrValue::Int(
                    n.as_i64()
                        .ok_or_else(|| format!("input attribute '{k}' is not an integer"))?,
                ),
                other => {
                    return Err(format!(
                        "input attribute '{k}' is {other}: only strings, integers and Booleans are allowed"
                    ));
                }
            };
            attrs.insert(k.clone(), v);
        }
        Ok(Input(attrs))
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        match self.0.get(name) {
            Some(AttrValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.0.get(name) {
            Some(AttrValue::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn kind(&self) -> &str {
        self.str("type").unwrap_or("")
    }

    pub fn set(&mut self, name: &str, value: AttrValue) {
        self.0.insert(name.to_string(), value);
    }

    pub fn without(&self, names: &[&str]) -> Input {
        let mut out = self.clone();
        out.0.retain(|k, _| !names.contains(&k.as_str()));
        out
    }

    /// The URL form Nix prints (`path:/x?narHash=…`, `git+file:///x?rev=…`).
    pub fn to_url(&self) -> String {
        let (base, used): (String, &[&str]) = match self.kind() {
            "path" => (
                format!("path:{}", self.str("path").unwrap_or("")),
                &["type", "path"],
            ),
            "github" | "gitlab" | "sourcehut" => {
                let mut s = format!(
                    "{}:{}/{}",
                    self.kind(),
                    self.str("owner").unwrap_or(""),
                    self.str("repo").unwrap_or("")
                );
                if let Some(r) = self.str("rev").or(self.str("ref")) {
                    s.push('/');
                    s.push_str(r);
                }
                (s, &["type", "owner", "repo", "rev", "ref"])
            }
            "indirect" => (self.str("id").unwrap_or("").to_string(), &["type", "id"]),
            kind => {
                let url = self.str("url").unwrap_or("");
                let s = if kind == "tarball" || kind == "file" {
                    url.to_string()
                } else {
                    format!("{kind}+{url}")
                };
                (s, &["type", "url"])
            }
        };
        // A git URL carries only what names a commit (Nix's GitInputScheme::toURL).
        let git_only = ["rev", "ref", "shallow", "dir"];
        let query: Vec<String> = self
            .0
            .iter()
            .filter(|(k, _)| !used.contains(&k.as_str()))
            .filter(|(k, _)| self.kind() != "git" || git_only.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={}", v.query_text()))
            .collect();
        if query.is_empty() {
            base
        } else {
            format!("{base}?{}", query.join("&"))
        }
    }
}

/// Nix's `percentEncode`: everything but unreserved and sub-delimiter characters, in
/// lower-case hex (so a base64 `/` in a `narHash` prints as `%2f`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_print_as_nix_prints_them() {
        let input = Input::from_json(&serde_json::json!({
            "type": "path", "path": "/tmp/b", "lastModified": 17,
            "narHash": "sha256-/MRQ+x="
        }))
        .unwrap();
        assert_eq!(
            input.to_url(),
            "path:/tmp/b?lastModified=17&narHash=sha256-%2fMRQ+x="
        );
        let git = Input::from_json(&serde_json::json!({
            "type": "git", "url": "file:///tmp/b", "ref": "master", "rev": "abc",
            "narHash": "sha256-x", "revCount": 2, "lastModified": 3
        }))
        .unwrap();
        assert_eq!(git.to_url(), "git+file:///tmp/b?ref=master&rev=abc");
    }
}
