//! Three or more bindings of one set starting with the same name (`a.b = …; a.c = …;
//! a.d = …;`) read better as a nested set. The fix writes the nested set in place of the
//! first and removes the others.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::SyntaxKind;
use syntax::ast::{self, AstNode, HasBindings};

const MIN_REPEATS: usize = 3;

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    let Some(set) = ast::AttrSet::cast(node.clone()) else {
        return;
    };
    let mut groups: Vec<(String, Vec<ast::AttrpathValue>)> = Vec::new();
    let mut plain_keys = Vec::new();
    for binding in set.attrpath_values() {
        let Some(path) = binding.attrpath() else {
            continue;
        };
        let attrs: Vec<ast::Attr> = path.attrs().collect();
        let Some(ast::Attr::Ident(first)) = attrs.first() else {
            continue;
        };
        let Some(name) = first.name() else { continue };
        if attrs.len() == 1 {
            plain_keys.push(name);
            continue;
        }
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, members)) => members.push(binding),
            None => groups.push((name, vec![binding])),
        }
    }
    for (name, members) in groups {
        if members.len() < MIN_REPEATS || plain_keys.contains(&name) {
            continue;
        }
        let mut nested = format!("{name} = {{");
        for member in &members {
            let Some(path) = member.attrpath() else {
                return;
            };
            let rest: Vec<String> = path
                .attrs()
                .skip(1)
                .map(|a| a.syntax().to_string())
                .collect();
            let Some(value) = member.value() else { return };
            if member
                .syntax()
                .last_token()
                .is_none_or(|t| t.kind() != SyntaxKind::SEMICOLON)
            {
                return;
            }
            nested.push_str(&format!(" {} = {};", rest.join("."), value.syntax()));
        }
        nested.push_str(" };");
        let mut edits = vec![TextEdit::replace(members[0].syntax().text_range(), nested)];
        for member in &members[1..] {
            let mut range = member.syntax().text_range();
            if let Some(ws) = member
                .syntax()
                .prev_sibling_or_token()
                .filter(|e| e.kind() == SyntaxKind::WHITESPACE)
            {
                range = range.cover(ws.text_range());
            }
            edits.push(TextEdit::delete(range));
        }
        out.push(
            Diagnostic::new(
                DiagnosticCode::RepeatedKeys,
                members[0].syntax().text_range(),
                format!(
                    "`{name}` is set {} times by paths: a nested set reads better",
                    members.len()
                ),
            )
            .with_fix(format!("nest the `{name}` bindings"), edits),
        );
    }
}
