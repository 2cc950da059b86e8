//! Duplicate attributes, following CppNix's `ParserState::addAttr`: `a.b = 1; a.c = 2;` and
//! `a = { b = 1; }; a.c = 2;` merge (both sides are attribute-set literals), while
//! `a.b = 1; a.b = 2;` and `a = x; a.b = 1;` are errors. Dynamic names are not checked.
//!
//! Merging also moves scopes (CppNix issue 9020): in `a = rec { b = c; }; a.c = d;` the
//! attribute `c` joins the `rec` set, so `b = c` is defined and `d` is looked up in the `rec`
//! set too; a `rec` set merged into an earlier definition loses its `rec`. [`RecMerges`]
//! records these moves for the undefined-variable check.

use crate::{
    SyntaxError, SyntaxErrorKind,
    SyntaxKind::*,
    SyntaxNode, TextRange,
    ast::{self, AstNode},
};
use std::collections::{HashMap, HashSet};

/// How merging attribute sets changes the scopes of `rec` sets.
#[derive(Default)]
pub(crate) struct RecMerges {
    /// `rec` sets merged into an earlier definition: their `rec` has no effect.
    pub(crate) discarded: HashSet<SyntaxNode>,
    /// Names a `rec` set gains from definitions written outside it.
    pub(crate) extra_names: HashMap<SyntaxNode, HashSet<String>>,
    /// Values written outside a `rec` set that end up inside it, with that set.
    pub(crate) moved: HashMap<SyntaxNode, SyntaxNode>,
}

enum Entry {
    /// An attribute-set literal (written, or made by a path like `a.b = …`): later
    /// definitions merge into it.
    Set {
        attrs: HashMap<String, Entry>,
        range: TextRange,
        /// The attribute-set literal this is, if it was written rather than made by a path.
        literal: Option<SyntaxNode>,
        /// The `rec` set literal this is, if it is one (and was defined first).
        rec_node: Option<SyntaxNode>,
        /// The `rec` set whose scope values placed in this set are bound in.
        rec_owner: Option<SyntaxNode>,
    },
    /// Any other value: a second definition is an error.
    Other {
        range: TextRange,
        value: Option<SyntaxNode>,
    },
}

impl Entry {
    fn range(&self) -> TextRange {
        match self {
            Entry::Set { range, .. } | Entry::Other { range, .. } => *range,
        }
    }
}

/// State of one container's check.
struct Collector<'a> {
    errors: &'a mut Vec<SyntaxError>,
    merges: &'a mut RecMerges,
}

/// An attribute set that is the value of a binding is checked as part of that binding's
/// container, because its attributes may merge with the container's other definitions.
pub(super) fn is_merged_into_parent(node: &SyntaxNode) -> bool {
    if node.kind() != ATTR_SET {
        return false;
    }
    let mut current = node.clone();
    while let Some(parent) = current.parent() {
        match parent.kind() {
            PAREN => current = parent,
            ATTRPATH_VALUE => {
                return ast::AttrpathValue::cast(parent)
                    .and_then(|b| b.value())
                    .is_some_and(|v| v.syntax() == &current);
            }
            _ => return false,
        }
    }
    false
}

/// Checks the bindings of an attribute set, `let … in` or legacy `let { … }`.
pub(super) fn check_container(
    node: &SyntaxNode,
    errors: &mut Vec<SyntaxError>,
    merges: &mut RecMerges,
) {
    Collector { errors, merges }.collect(node);
}

/// The attribute-set literal an expression is, looking through parentheses.
fn as_attr_set_literal(expr: &ast::Expr) -> Option<ast::AttrSet> {
    match expr {
        ast::Expr::AttrSet(set) => Some(set.clone()),
        ast::Expr::Paren(paren) => as_attr_set_literal(&paren.expr()?),
        _ => None,
    }
}

impl Collector<'_> {
    fn collect(&mut self, node: &SyntaxNode) -> HashMap<String, Entry> {
        let is_let = matches!(node.kind(), LET_IN);
        let mut attrs = HashMap::new();
        for binding in ast::bindings_of(node) {
            match binding {
                ast::Binding::Inherit(inherit) => {
                    for attr in inherit.attrs() {
                        let range = attr.syntax().text_range();
                        let Some(name) = attr.static_name() else {
                            self.errors.push(
                                SyntaxError::new(
                                    "dynamic attributes not allowed in inherit",
                                    range,
                                )
                                .with_kind(SyntaxErrorKind::DynamicAttribute),
                            );
                            continue;
                        };
                        let entry = Entry::Other {
                            range,
                            value: Some(attr.syntax().clone()),
                        };
                        self.insert(&mut attrs, None, &name, entry, &name);
                    }
                }
                ast::Binding::AttrpathValue(binding) => {
                    let Some(attrpath) = binding.attrpath() else {
                        continue;
                    };
                    let range = attrpath.syntax().text_range();
                    let value = binding.value();
                    let entry = match value.as_ref().and_then(as_attr_set_literal) {
                        Some(set) => {
                            let rec_node = set.is_rec().then(|| set.syntax().clone());
                            Entry::Set {
                                attrs: self.collect(set.syntax()),
                                range,
                                literal: Some(set.syntax().clone()),
                                rec_owner: rec_node.clone(),
                                rec_node,
                            }
                        }
                        None => Entry::Other {
                            range,
                            value: value.map(|v| v.syntax().clone()),
                        },
                    };
                    self.add_path(&mut attrs, &attrpath, entry, is_let);
                }
            }
        }
        attrs
    }

    /// Adds `a.b.c = value` to `attrs`, creating or descending into nested sets.
    fn add_path(
        &mut self,
        attrs: &mut HashMap<String, Entry>,
        attrpath: &ast::Attrpath,
        value: Entry,
        is_let: bool,
    ) {
        let names: Vec<ast::Attr> = attrpath.attrs().collect();
        let range = attrpath.syntax().text_range();
        let mut path = String::new();
        let mut current = attrs;
        // The `rec` literal `current` is, and the `rec` scope its values are bound in.
        let mut current_rec: Option<SyntaxNode> = None;
        let mut owner: Option<SyntaxNode> = None;
        for (index, attr) in names.iter().enumerate() {
            let Some(name) = attr.static_name() else {
                if is_let {
                    self.errors.push(
                        SyntaxError::new(
                            "dynamic attributes not allowed in let",
                            attr.syntax().text_range(),
                        )
                        .with_kind(SyntaxErrorKind::DynamicAttribute),
                    );
                }
                // Nested under a dynamic name: Nix makes a fresh set, nothing to clash with.
                return;
            };
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            if let Some(rec) = &current_rec {
                self.gain_name(rec, &name);
            }
            if index + 1 == names.len() {
                self.insert(current, owner.as_ref(), &name, value, &path);
                return;
            }
            let entry = current.entry(name).or_insert_with(|| Entry::Set {
                attrs: HashMap::new(),
                range,
                literal: None,
                rec_node: None,
                rec_owner: owner.clone(),
            });
            match entry {
                Entry::Set {
                    attrs,
                    rec_node,
                    rec_owner,
                    ..
                } => {
                    current = attrs;
                    current_rec = rec_node.clone();
                    owner = rec_owner.clone();
                }
                Entry::Other { range: first, .. } => {
                    self.errors.push(duplicate(&path, range, *first));
                    return;
                }
            }
        }
    }

    /// Defines `name` in `attrs` (bound in the `rec` scope `owner`, if any), merging two
    /// attribute-set literals as CppNix does.
    fn insert(
        &mut self,
        attrs: &mut HashMap<String, Entry>,
        owner: Option<&SyntaxNode>,
        name: &str,
        new: Entry,
        path: &str,
    ) {
        if let Some(owner) = owner {
            self.move_into(owner, &new);
        }
        match attrs.get_mut(name) {
            None => {
                let mut new = new;
                if let Entry::Set { rec_owner, .. } = &mut new
                    && rec_owner.is_none()
                {
                    *rec_owner = owner.cloned();
                }
                attrs.insert(name.to_string(), new);
            }
            Some(Entry::Set {
                attrs: existing,
                rec_node,
                rec_owner,
                ..
            }) if matches!(new, Entry::Set { .. }) => {
                let Entry::Set {
                    attrs: added,
                    rec_node: added_rec,
                    ..
                } = new
                else {
                    unreachable!("checked by the match guard")
                };
                // The later set's `rec` is dropped; its attributes join the earlier set.
                if let Some(added_rec) = added_rec {
                    self.merges.discarded.insert(added_rec);
                }
                let rec_node = rec_node.clone();
                let owner = rec_owner.clone();
                // Merge in a stable order so errors come out the same way every time.
                let mut added: Vec<(String, Entry)> = added.into_iter().collect();
                added.sort_by_key(|(_, entry)| entry.range().start());
                for (key, entry) in added {
                    if let Some(rec) = &rec_node {
                        self.gain_name(rec, &key);
                    }
                    let nested = format!("{path}.{key}");
                    self.insert(existing, owner.as_ref(), &key, entry, &nested);
                }
            }
            Some(existing) => self
                .errors
                .push(duplicate(path, new.range(), existing.range())),
        }
    }

    fn gain_name(&mut self, rec: &SyntaxNode, name: &str) {
        self.merges
            .extra_names
            .entry(rec.clone())
            .or_default()
            .insert(name.to_string());
    }

    /// Records that the value of `entry` is bound in the scope of the `rec` set `owner`.
    fn move_into(&mut self, owner: &SyntaxNode, entry: &Entry) {
        let node = match entry {
            Entry::Other { value: Some(v), .. } => v,
            Entry::Set {
                literal: Some(v), ..
            } => v,
            Entry::Set { attrs, .. } => {
                for child in attrs.values() {
                    self.move_into(owner, child);
                }
                return;
            }
            Entry::Other { value: None, .. } => return,
        };
        if !node.ancestors().any(|a| &a == owner) {
            self.merges.moved.insert(node.clone(), owner.clone());
        }
    }
}

fn duplicate(path: &str, range: TextRange, first: TextRange) -> SyntaxError {
    SyntaxError::new(format!("attribute '{path}' already defined"), range)
        .with_related("first defined here", first)
        .with_kind(SyntaxErrorKind::DuplicateAttribute)
}
