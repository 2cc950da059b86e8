//! Document links: path literals to the files they name (an imported directory to its
//! `default.nix`, as `import` reads it), and URLs in strings, comments and URI literals.
//! `<nixpkgs>` and `~/…` are not linked: they depend on the environment.

use crate::db::{Db, SourceFile, file_imports, parse};
use crate::imports::static_path;
use std::path::{Path, PathBuf};
use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, TextRange, TextSize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    File(PathBuf),
    Url(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    pub range: TextRange,
    pub target: LinkTarget,
}

pub fn document_links(db: &dyn Db, file: SourceFile) -> Vec<DocumentLink> {
    let base = file.path(db).parent().unwrap_or(Path::new("/"));
    let imports = file_imports(db, file);
    let root = parse(db, file).syntax();
    let mut links = Vec::new();
    for element in root.descendants_with_tokens() {
        match element {
            rowan::NodeOrToken::Node(node) => {
                let Some(path) = ast::Path::cast(node) else {
                    continue;
                };
                let range = path.syntax().text_range();
                let target = match imports.iter().find(|i| i.range == range) {
                    Some(import) => Some(import.target.clone()),
                    None => static_path(base, &path),
                };
                links.extend(target.map(|t| DocumentLink {
                    range,
                    target: LinkTarget::File(t),
                }));
            }
            rowan::NodeOrToken::Token(token) => {
                if !matches!(
                    token.kind(),
                    SyntaxKind::STRING_CONTENT
                        | SyntaxKind::COMMENT
                        | SyntaxKind::DOC_COMMENT
                        | SyntaxKind::URI
                ) {
                    continue;
                }
                let start = token.text_range().start();
                // A URL running into `${…}` is not known in full: no link.
                let interpolated_after = token
                    .next_sibling_or_token()
                    .is_some_and(|n| n.kind() == SyntaxKind::INTERPOLATION);
                for (at, url) in urls(token.text()) {
                    if interpolated_after && at + url.len() == token.text().len() {
                        continue;
                    }
                    let at = start + TextSize::from(at as u32);
                    links.push(DocumentLink {
                        range: TextRange::at(at, TextSize::of(url)),
                        target: LinkTarget::Url(url.to_string()),
                    });
                }
            }
        }
    }
    links
}

/// The `http`, `https` and `ftp` URLs in `text`, with their byte offsets. A URL ends at
/// whitespace, a quote or a bracket that cannot be part of it; trailing punctuation of the
/// sentence around it is left out.
fn urls(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = ["https://", "http://", "ftp://"]
        .iter()
        .filter_map(|scheme| text[from..].find(scheme))
        .min()
    {
        let start = from + found;
        let rest = &text[start..];
        let len = rest
            .find(|c: char| c.is_whitespace() || "\"'`<>\\{}".contains(c))
            .unwrap_or(rest.len());
        let mut url = &rest[..len];
        loop {
            let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            // A closing parenthesis belongs to the URL only if it closes one inside it.
            let unbalanced = trimmed.matches(')').count() > trimmed.matches('(').count();
            let trimmed = match trimmed.strip_suffix(')') {
                Some(t) if unbalanced => t,
                _ => trimmed,
            };
            if trimmed == url {
                break;
            }
            url = trimmed;
        }
        if url.len() > url.find("://").unwrap_or(0) + 3 {
            out.push((start, url));
        }
        from = start + len.max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::urls;

    #[test]
    fn urls_end_where_prose_resumes() {
        let found =
            urls("see https://nixos.org/manual. (or http://a.b/c_(d)), ftp://x/y; https://");
        let texts: Vec<&str> = found.iter().map(|(_, u)| *u).collect();
        assert_eq!(
            texts,
            ["https://nixos.org/manual", "http://a.b/c_(d)", "ftp://x/y"]
        );
        assert_eq!(found[0].0, 4);
    }
}
