//! Document symbols: the bindings of attribute sets and `let`s, nested as in the source.

use crate::db::{Db, SourceFile, parse};
use syntax::ast::{self, AstNode, HasBindings};
use syntax::{SyntaxKind, SyntaxNode, TextRange, WalkEvent};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// Whether the binding's value is an attribute set (a namespace) or something else.
    pub is_namespace: bool,
    /// The whole binding.
    pub range: TextRange,
    /// The name.
    pub selection_range: TextRange,
    pub children: Vec<DocumentSymbol>,
}

pub fn document_symbols(db: &dyn Db, file: SourceFile) -> Vec<DocumentSymbol> {
    let root = parse(db, file).syntax();
    // Walk iteratively: a stack of symbol lists, one per open binding.
    let mut stack: Vec<(SyntaxNode, Vec<DocumentSymbol>)> = vec![(root.clone(), Vec::new())];
    for event in root.preorder() {
        match event {
            WalkEvent::Enter(node) if node.kind() == SyntaxKind::ATTRPATH_VALUE => {
                stack.push((node, Vec::new()));
            }
            WalkEvent::Leave(node) if node.kind() == SyntaxKind::ATTRPATH_VALUE => {
                let (node, children) = stack.pop().expect("pushed on enter");
                if let Some(symbol) = symbol(&node, children) {
                    stack.last_mut().expect("root stays").1.push(symbol);
                }
            }
            _ => {}
        }
    }
    stack.pop().map(|(_, s)| s).unwrap_or_default()
}

fn symbol(node: &SyntaxNode, children: Vec<DocumentSymbol>) -> Option<DocumentSymbol> {
    let binding = ast::AttrpathValue::cast(node.clone())?;
    let path = binding.attrpath()?;
    let value = binding.value();
    let is_namespace =
        matches!(value, Some(ast::Expr::AttrSet(ref s)) if s.bindings().next().is_some());
    Some(DocumentSymbol {
        name: path.syntax().to_string(),
        is_namespace,
        range: node.text_range(),
        selection_range: path.syntax().text_range(),
        children,
    })
}
