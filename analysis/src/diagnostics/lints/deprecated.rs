//! Deprecated syntax: legacy `let { … }`, unquoted URI literals, `builtins.toPath`.

use crate::diagnostics::{Diagnostic, DiagnosticCode, TextEdit};
use syntax::SyntaxKind;
use syntax::ast::{self, AstNode};

pub(super) fn check(node: &syntax::SyntaxNode, out: &mut Vec<Diagnostic>) {
    match node.kind() {
        SyntaxKind::LEGACY_LET => {
            // `let { b; }` is `(rec { b; }).body`.
            let text = node.to_string();
            let edit = text
                .strip_prefix("let")
                .map(|rest| format!("(rec{rest}).body"));
            let d = Diagnostic::new(
                DiagnosticCode::DeprecatedLetAttrset,
                node.text_range(),
                "legacy `let { … }` syntax: use `let … in` or `(rec { … }).body`",
            );
            out.push(match edit {
                Some(edit) => d.with_fix(
                    "rewrite as `(rec { … }).body`",
                    vec![TextEdit::replace(node.text_range(), edit)],
                ),
                None => d,
            });
        }
        SyntaxKind::LITERAL => {
            if let Some(lit) = ast::Literal::cast(node.clone())
                && lit.kind() == Some(ast::LiteralKind::Uri)
                && let Some(token) = lit.token()
            {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::DeprecatedUriLiteral,
                        node.text_range(),
                        "URI literals are deprecated: quote it",
                    )
                    .with_fix(
                        "quote the URI",
                        vec![TextEdit::replace(
                            node.text_range(),
                            format!("\"{}\"", token.text()),
                        )],
                    ),
                );
            }
        }
        SyntaxKind::SELECT => {
            let Some(select) = ast::Select::cast(node.clone()) else {
                return;
            };
            let is_builtins = matches!(select.expr(), Some(ast::Expr::Ident(i)) if i.name().as_deref() == Some("builtins"));
            let attrs: Vec<ast::Attr> = select
                .attrpath()
                .map(|p| p.attrs().collect())
                .unwrap_or_default();
            if is_builtins
                && matches!(attrs.as_slice(), [ast::Attr::Ident(i)] if i.name().as_deref() == Some("toPath"))
            {
                out.push(Diagnostic::new(
                    DiagnosticCode::DeprecatedToPath,
                    node.text_range(),
                    "`builtins.toPath` is deprecated: use `/. + \"/path\"` for a path, or the string itself",
                ));
            }
        }
        _ => {}
    }
}
