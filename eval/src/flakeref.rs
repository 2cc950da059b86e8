//! Flake references as `builtins.parseFlakeRef` / `flakeRefToString` see them: the
//! `github:` / `gitlab:` / `sourcehut:` shorthands, `path:`, and URL-like `type+…` forms.

use crate::value::Value;

const FORGES: &[&str] = &["github", "gitlab", "sourcehut"];

/// The attributes of a flake reference, as (name, value) pairs.
pub fn parse(s: &str) -> Result<Vec<(String, Value)>, String> {
    let (main, query) = s.split_once('?').unwrap_or((s, ""));
    let mut fields: Vec<(String, Value)> = Vec::new();
    let Some((scheme, rest)) = main.split_once(':') else {
        if main.starts_with('/') || main.starts_with('.') {
            fields.push(("type".into(), Value::string("path")));
            fields.push(("path".into(), Value::string(main)));
            add_query(&mut fields, query)?;
            return Ok(fields);
        }
        fields.push(("type".into(), Value::string("indirect")));
        let mut parts = main.splitn(3, '/');
        fields.push(("id".into(), Value::string(parts.next().unwrap_or(""))));
        if let Some(r) = parts.next() {
            fields.push(("ref".into(), Value::string(r)));
        }
        if let Some(r) = parts.next() {
            fields.push(("rev".into(), Value::string(r)));
        }
        add_query(&mut fields, query)?;
        return Ok(fields);
    };
    if FORGES.contains(&scheme) {
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(format!("'{s}' is not a valid {scheme} flake reference"));
        }
        fields.push(("type".into(), Value::string(scheme)));
        fields.push(("owner".into(), Value::string(parts[0])));
        fields.push(("repo".into(), Value::string(parts[1])));
        if let Some(r) = parts.get(2) {
            let is_rev = r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit());
            fields.push((if is_rev { "rev" } else { "ref" }.into(), Value::string(*r)));
        }
    } else if scheme == "path" {
        fields.push(("type".into(), Value::string("path")));
        fields.push(("path".into(), Value::string(rest)));
    } else {
        let (kind, url_scheme) = match scheme.split_once('+') {
            Some((k, u)) => (k.to_string(), u.to_string()),
            None => match scheme {
                "http" | "https" => ("tarball".to_string(), scheme.to_string()),
                other => (other.to_string(), other.to_string()),
            },
        };
        fields.push(("type".into(), Value::string(kind)));
        fields.push(("url".into(), Value::string(format!("{url_scheme}:{rest}"))));
    }
    add_query(&mut fields, query)?;
    Ok(fields)
}

fn add_query(fields: &mut Vec<(String, Value)>, query: &str) -> Result<(), String> {
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let value = match k {
            "revCount" | "lastModified" => v
                .parse::<i64>()
                .map(Value::Int)
                .map_err(|_| format!("invalid integer '{v}' for '{k}'"))?,
            "shallow" | "submodules" | "lfs" => Value::Bool(v == "1"),
            _ => Value::string(v),
        };
        fields.push((k.to_string(), value));
    }
    Ok(())
}

/// The string form of a flake reference given its attributes (already stringified,
/// sorted by name).
pub fn to_string(fields: &[(String, String)]) -> Result<String, String> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let Some(kind) = get("type") else {
        return Err("flake reference attribute set lacks attribute 'type'".into());
    };
    let (base, used): (String, &[&str]) = if FORGES.contains(&kind) {
        let owner = get("owner").ok_or("missing 'owner'")?;
        let repo = get("repo").ok_or("missing 'repo'")?;
        let mut s = format!("{kind}:{owner}/{repo}");
        if let Some(r) = get("rev").or(get("ref")) {
            s.push('/');
            s.push_str(r);
        }
        (s, &["type", "owner", "repo", "rev", "ref"])
    } else if kind == "path" {
        (
            format!("path:{}", get("path").ok_or("missing 'path'")?),
            &["type", "path"],
        )
    } else if kind == "indirect" {
        let mut s = get("id").ok_or("missing 'id'")?.to_string();
        for k in ["ref", "rev"] {
            if let Some(v) = get(k) {
                s.push('/');
                s.push_str(v);
            }
        }
        (s, &["type", "id", "ref", "rev"])
    } else {
        let url = get("url").ok_or("missing 'url'")?;
        let s = if url.starts_with(&format!("{kind}:")) || kind == "tarball" || kind == "file" {
            url.to_string()
        } else {
            format!("{kind}+{url}")
        };
        (s, &["type", "url"])
    };
    let query: Vec<String> = fields
        .iter()
        .filter(|(k, _)| !used.contains(&k.as_str()))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if query.is_empty() {
        Ok(base)
    } else {
        Ok(format!("{base}?{}", query.join("&")))
    }
}
