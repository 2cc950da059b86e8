//! Path arithmetic as Nix does it: lexical, no file system access.

/// Nix's `canonPath`: collapses `//`, `.` and `..`, and drops a trailing `/`. The input is
/// absolute.
pub fn canonicalize(path: &str) -> String {
    String::from_utf8(canonicalize_bytes(path.as_bytes())).expect("cut at '/' only")
}

/// [`canonicalize`] of a string's bytes (which need not be UTF-8).
pub fn canonicalize_bytes(path: &[u8]) -> Vec<u8> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in path.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = Vec::with_capacity(path.len());
    for p in &parts {
        out.push(b'/');
        out.extend_from_slice(p);
    }
    if out.is_empty() {
        out.push(b'/');
    }
    out
}

/// The path a literal's first piece (`./a`, `/a/b/`, `a/b`) denotes: resolved against
/// `base_dir` and canonicalized, keeping a trailing slash (which an interpolation follows),
/// as CppNix's parser does.
pub fn resolve_literal(text: &str, base_dir: &std::path::Path) -> String {
    let resolved = if text.starts_with('/') {
        text.to_string()
    } else {
        format!("{}/{text}", base_dir.display())
    };
    let mut canon = canonicalize(&resolved);
    if text.ends_with('/') && canon != "/" {
        canon.push('/');
    }
    canon
}

/// `builtins.baseNameOf`: the last component, ignoring one trailing slash.
pub fn base_name(path: &str) -> &str {
    as_str(base_name_bytes(path.as_bytes()))
}

/// [`base_name`] of a string's bytes (which need not be UTF-8).
pub fn base_name_bytes(path: &[u8]) -> &[u8] {
    let trimmed = path.strip_suffix(b"/").unwrap_or(path);
    match trimmed.iter().rposition(|&b| b == b'/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// Text cut from UTF-8 text at a `/`: still UTF-8.
fn as_str(cut: &[u8]) -> &str {
    std::str::from_utf8(cut).expect("cut at an ASCII byte")
}

/// `builtins.dirOf` on a string: everything before the last `/` (`/` when that is the first
/// character, `.` when there is none). Purely textual: `dirOf "a///b"` is `"a//"`.
pub fn dir_of(path: &str) -> &str {
    as_str(dir_of_bytes(path.as_bytes()))
}

/// [`dir_of`] of a string's bytes (which need not be UTF-8).
pub fn dir_of_bytes(path: &[u8]) -> &[u8] {
    match path.iter().rposition(|&b| b == b'/') {
        Some(0) => b"/",
        Some(i) => &path[..i],
        None => b".",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalizes_like_nix() {
        assert_eq!(canonicalize("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(canonicalize("/.."), "/");
        assert_eq!(canonicalize("/"), "/");
    }

    #[test]
    fn base_and_dir() {
        assert_eq!(base_name("/a/b/"), "b");
        assert_eq!(base_name("abc"), "abc");
        assert_eq!(dir_of("/a/b"), "/a");
        assert_eq!(dir_of("/a"), "/");
        assert_eq!(dir_of("a"), ".");
        assert_eq!(dir_of("a///b"), "a//");
        assert_eq!(dir_of("///"), "//");
    }
}
