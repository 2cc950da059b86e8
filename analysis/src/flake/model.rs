//! What a `flake.nix` declares, read from its syntax (so it works while the file is half
//! typed): its inputs (with their `url`, `flake`, `follows` and the `follows` set on their
//! own inputs), and the names its `outputs` function takes.

use syntax::ast::{self, AstNode};
use syntax::{SyntaxKind, SyntaxNode, TextRange};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputDecl {
    pub name: String,
    /// Where the name is first written.
    pub name_range: TextRange,
    pub url: Option<(String, TextRange)>,
    pub follows: Option<(String, TextRange)>,
    /// `inputs.X.inputs.Y.follows = "…"`: (Y, target, range of the target).
    pub nested_follows: Vec<(String, String, TextRange)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlakeDecl {
    pub inputs: Vec<InputDecl>,
    /// The `inputs` binding's name (where to report what the lock has too many of).
    pub inputs_range: Option<TextRange>,
    /// The formals of `outputs` (but `self`), with their ranges.
    pub output_args: Vec<(String, TextRange)>,
}

/// One leaf binding below the top-level set: its full path, where its first name is, and
/// its value.
struct Leaf {
    path: Vec<(String, TextRange)>,
    value: Option<ast::Expr>,
}

fn leaves(set: &SyntaxNode, prefix: &[(String, TextRange)], out: &mut Vec<Leaf>, depth: usize) {
    for binding in ast::bindings_of(set) {
        let ast::Binding::AttrpathValue(b) = binding else {
            continue;
        };
        let Some(attrpath) = b.attrpath() else {
            continue;
        };
        let mut path = prefix.to_vec();
        for attr in attrpath.attrs() {
            let Some(name) = attr.static_name() else {
                return;
            };
            path.push((name, attr.syntax().text_range()));
        }
        let value = b.value().map(|v| v.unparenthesized());
        // Nested plain sets are paths too (`inputs = { a.url = …; }`), a few levels deep.
        if let Some(ast::Expr::AttrSet(inner)) = &value
            && !inner.is_rec()
            && depth < 4
        {
            leaves(inner.syntax(), &path, out, depth + 1);
            continue;
        }
        out.push(Leaf { path, value });
    }
}

fn string_value(e: &Option<ast::Expr>) -> Option<(String, TextRange)> {
    match e {
        Some(ast::Expr::Str(s)) => Some((s.static_value()?, s.syntax().text_range())),
        _ => None,
    }
}

/// The declarations of the flake whose top-level expression is `root`'s set, if it is one.
pub fn flake_decl(root: &SyntaxNode) -> Option<FlakeDecl> {
    let set = root
        .descendants()
        .find(|n| n.kind() == SyntaxKind::ATTR_SET)?;
    let mut all = Vec::new();
    leaves(&set, &[], &mut all, 0);
    let mut decl = FlakeDecl::default();
    for leaf in &all {
        let names: Vec<&str> = leaf.path.iter().map(|(n, _)| n.as_str()).collect();
        match names.as_slice() {
            ["outputs"] => {
                if let Some(ast::Expr::Lambda(lambda)) = &leaf.value {
                    decl.output_args = formals(lambda);
                }
                continue;
            }
            ["inputs", ..] => {
                decl.inputs_range.get_or_insert(leaf.path[0].1);
            }
            _ => continue,
        }
        let Some((name, name_range)) = leaf.path.get(1).cloned() else {
            continue;
        };
        let index = match decl.inputs.iter().position(|i| i.name == name) {
            Some(i) => i,
            None => {
                decl.inputs.push(InputDecl {
                    name: name.clone(),
                    name_range,
                    ..Default::default()
                });
                decl.inputs.len() - 1
            }
        };
        let input = &mut decl.inputs[index];
        match &names[2..] {
            ["url"] => input.url = string_value(&leaf.value),
            ["follows"] => input.follows = string_value(&leaf.value),
            ["inputs", sub, "follows"] => {
                if let Some((target, range)) = string_value(&leaf.value) {
                    input.nested_follows.push((sub.to_string(), target, range));
                }
            }
            _ => {}
        }
    }
    Some(decl)
}

fn formals(lambda: &ast::Lambda) -> Vec<(String, TextRange)> {
    let Some(pattern) = lambda.syntax().children().find_map(ast::Pattern::cast) else {
        return Vec::new();
    };
    pattern
        .pat_entries()
        .filter_map(|f| {
            let ident = f.ident_token()?;
            let name = ident.text().to_string();
            (name != "self").then(|| (name, ident.text_range()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_writing_inputs_is_read() {
        let text = r#"{
  inputs.a.url = "github:o/a";
  inputs = { b = { url = "path:/b"; inputs.c.follows = "a"; }; d.follows = "a"; };
  outputs = { self, a, b, e, ... }: { };
}"#;
        let decl = flake_decl(&syntax::parse(text).syntax()).unwrap();
        let names: Vec<&str> = decl.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "d"]);
        assert_eq!(decl.inputs[0].url.as_ref().unwrap().0, "github:o/a");
        assert_eq!(decl.inputs[1].nested_follows[0].0, "c");
        assert_eq!(decl.inputs[2].follows.as_ref().unwrap().0, "a");
        let args: Vec<&str> = decl.output_args.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(args, ["a", "b", "e"]);
    }
}
