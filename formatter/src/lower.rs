//! From firn's CST to the formatter's AST, attaching comments to tokens exactly as nixfmt's
//! parser does: the comments on a token's line after it are its trailing comment, the
//! rest belong to the next token; comments between list items or bindings become items.

use crate::ast::*;
use crate::green::{El, Kind, Node, Token};
use crate::source::SourceMap;
use crate::strings;
use crate::trivia::{self, Raw};
use rowan::NodeOrToken;
use syntax::SyntaxKind::*;

/// Why a tree cannot be lowered.
#[derive(Debug)]
pub enum Error {
    /// Valid Nix that nixfmt rejects too (a dynamic `inherit` of anything but a string).
    Invalid(syntax::SyntaxError),
    /// Something this formatter cannot print.
    Unsupported(String),
}

impl From<String> for Error {
    fn from(m: String) -> Self {
        Error::Unsupported(m)
    }
}

impl From<&str> for Error {
    fn from(m: &str) -> Self {
        Error::Unsupported(m.to_string())
    }
}

pub type R<T> = Result<T, Error>;

pub struct Lower<'a> {
    src: SourceMap<'a>,
    /// Trivia read but not yet attached to a token.
    pending: Trivia,
    /// Line start of the `/*nixfmt:disable*/` of the open disabled region.
    pending_disable: Option<usize>,
    /// Interpolations that a disabled region cuts through (see nixfmt's `ParserState`).
    cut_interpolations: usize,
    /// Strict mode: every token is on line 1, so no rule looks at the input's line breaks.
    strict: bool,
    /// Every token of the file in order (kind, range): finding the trivia after a token is
    /// a binary search and a scan, not a walk up and down the tree.
    tokens: Vec<(syntax::SyntaxKind, syntax::TextRange)>,
    /// Index of the last token whose trivia was read.
    hint: usize,
}

fn unexpected(what: &str, e: &El<'_>) -> Error {
    Error::Unsupported(format!("cannot format {what}: unexpected {:?}", e.kind()))
}

/// The children of a node that are not trivia, inline when few (most nodes have at most
/// six): lowering asks every node for them.
struct Parts<'g> {
    inline: [El<'g>; 6],
    len: usize,
    heap: Vec<El<'g>>,
}

impl<'g> std::ops::Deref for Parts<'g> {
    type Target = [El<'g>];

    fn deref(&self) -> &[El<'g>] {
        if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }
}

fn parts<'g>(node: &Node<'g>) -> Parts<'g> {
    let mut p = Parts {
        inline: [NodeOrToken::Node(*node); 6],
        len: 0,
        heap: Vec::new(),
    };
    for e in node
        .children_with_tokens()
        .filter(|e| !e.kind().is_trivia())
    {
        if p.len < p.inline.len() {
            p.inline[p.len] = e;
            p.len += 1;
        } else {
            if p.heap.is_empty() {
                p.heap.extend_from_slice(&p.inline);
            }
            p.heap.push(e);
        }
    }
    p
}

fn as_token<'g>(e: &El<'g>) -> R<Token<'g>> {
    e.as_token().cloned().ok_or_else(|| unexpected("token", e))
}

fn as_node<'g>(e: &El<'g>) -> R<Node<'g>> {
    e.as_node().cloned().ok_or_else(|| unexpected("node", e))
}

fn get<'g>(parts: &[El<'g>], i: usize, what: &str) -> R<El<'g>> {
    parts
        .get(i)
        .cloned()
        .ok_or_else(|| Error::Unsupported(format!("cannot format {what}: missing part")))
}

/// Lowers a whole file.
pub fn lower_file(text: &str, green: &rowan::GreenNodeData, strict: bool) -> R<Whole> {
    let root = &Node::root(green);
    let mut l = Lower {
        src: SourceMap::new(text),
        pending: Vec::new(),
        pending_disable: None,
        cut_interpolations: 0,
        strict,
        tokens: {
            let mut tokens = Vec::new();
            root.tokens(&mut tokens);
            tokens
        },
        hint: 0,
    };
    let expr = root
        .children()
        .next()
        .ok_or("cannot format an empty file")?;
    let leading = l.trivia_from(0);
    let leading = l.convert_leading(leading.0);
    l.pending = leading;
    let expr = l.expr(&expr)?;
    let mut trivia = std::mem::take(&mut l.pending);
    if let Some(start) = l.pending_disable {
        trivia.push(Trivium::Directive(Directive::DisabledToEof(
            text[start..].to_string(),
        )));
    }
    Ok(Whole { expr, trivia })
}

impl Lower<'_> {
    /// The trivia from the `i`-th token on, and the offset of the next real token (or the
    /// end of the text).
    fn trivia_from(&self, i: usize) -> (Vec<Raw>, usize) {
        let rest = self.tokens.get(i..).unwrap_or(&[]);
        let n = rest.iter().take_while(|(k, _)| k.is_trivia()).count();
        // The usual case, nothing or a single line break, yields no trivia: skip the reading.
        let plain = match &rest[..n] {
            [] => true,
            [(WHITESPACE, r)] => self.src.text[*r].bytes().filter(|&b| b == b'\n').count() <= 1,
            _ => false,
        };
        if plain {
            return (Vec::new(), 0);
        }
        let raw = trivia::read(&self.src, &rest[..n]);
        let next = rest
            .get(n)
            .map_or(self.src.text.len(), |(_, r)| usize::from(r.start()));
        (raw, next)
    }

    fn trivia_after(&mut self, tok: &Token<'_>) -> (Vec<Raw>, usize) {
        let start = tok.text_range().start();
        // Tokens are asked for in order: look from the last one found first.
        let mut near = self.tokens.get(self.hint..).unwrap_or(&[]).iter().take(8);
        let i = match near.position(|(_, r)| r.start() == start) {
            Some(k) => self.hint + k,
            None => self.tokens.partition_point(|(_, r)| r.start() < start),
        };
        self.hint = i;
        self.trivia_from(i + 1)
    }

    fn start_meta(&mut self, offset: usize) -> Meta {
        Meta {
            pre: std::mem::take(&mut self.pending),
            line: if self.strict {
                1
            } else {
                self.src.line(offset)
            },
            trail: None,
        }
    }

    /// Reads the trivia after a lexeme ending with `last`: returns its trailing comment and
    /// leaves the rest pending for the next token.
    fn finish(&mut self, last: &Token<'_>) -> Option<String> {
        let (raw, next) = self.trivia_after(last);
        if raw.is_empty() {
            return None;
        }
        let next_col = self.src.column(next);
        let (trail, leading) = self.convert_trivia(raw, next_col);
        self.pending.extend(leading);
        trail
    }

    fn leaf_kind(&mut self, tok: &Token<'_>, kind: Tok) -> Leaf {
        let mut meta = self.start_meta(usize::from(tok.text_range().start()));
        meta.trail = self.finish(tok);
        Ann {
            meta,
            value: (kind, tok.text().to_string()),
        }
    }

    fn leaf(&mut self, e: &El<'_>) -> R<Leaf> {
        Ok(self.leaf_kind(&as_token(e)?, Tok::Other))
    }

    fn convert_trivia(&mut self, raw: Vec<Raw>, next_col: usize) -> (Option<String>, Trivia) {
        let mut n_trailing = raw.iter().take_while(|r| r.is_trailing()).count();
        // Trailing comments are joined into one `#` comment, which a carriage return would
        // end early (CppNix's lexer): such a block comment is kept as a block, on its own.
        if raw[..n_trailing].iter().any(
            |r| matches!(r, Raw::BlockComment(_, lines) if lines.iter().any(|l| l.contains('\r'))),
        ) {
            n_trailing = 0;
        }
        if n_trailing == 1
            && let Raw::LineComment(_, pos) = &raw[0]
        {
            {
                let joins_next = match &raw[1..] {
                    [Raw::Newlines(1), Raw::LineComment(_, pos2), ..] => pos == pos2,
                    [Raw::Newlines(1)] => *pos == next_col,
                    _ => false,
                };
                if joins_next {
                    return (None, self.convert_leading(raw));
                }
            }
        }
        let mut raw = raw;
        let leading = raw.split_off(n_trailing);
        let words: Vec<String> = raw
            .iter()
            .filter_map(|r| match r {
                Raw::LineComment(c, _) => Some(c.trim().to_string()),
                Raw::BlockComment(false, lines) => lines.first().map(|c| c.trim().to_string()),
                Raw::Directive(true, ..) => Some("nixfmt:disable".into()),
                Raw::Directive(false, ..) => Some("nixfmt:enable".into()),
                _ => None,
            })
            .filter(|w| !w.is_empty())
            .collect();
        let trail = (!words.is_empty()).then(|| words.join(" "));
        (trail, self.convert_leading(leading))
    }

    fn convert_leading(&mut self, raw: Vec<Raw>) -> Trivia {
        let mut out = Vec::new();
        for r in raw {
            match r {
                Raw::Newlines(1) => {}
                Raw::Newlines(_) => out.push(Trivium::EmptyLine),
                Raw::LineComment(c, _) => out.push(Trivium::LineComment(c)),
                Raw::BlockComment(_, lines) if lines.is_empty() => {}
                // A carriage return ends a `#` comment (CppNix's lexer), not a `/* */` one.
                Raw::BlockComment(false, lines) if lines.len() == 1 && !lines[0].contains('\r') => {
                    out.push(Trivium::LineComment(format!(" {}", lines[0].trim())))
                }
                Raw::BlockComment(doc, lines) => out.push(Trivium::BlockComment(doc, lines)),
                Raw::LanguageAnnotation(c) => out.push(Trivium::LanguageAnnotation(c)),
                Raw::Directive(disable, start, end) => {
                    out.push(self.directive(disable, start, end))
                }
            }
        }
        out
    }

    /// nixfmt's `resolveDirective`: a directive alone on its line opens or closes a region.
    fn directive(&mut self, disable: bool, start: usize, end: usize) -> Trivium {
        let text = self.src.text;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..start];
        if !prefix
            .chars()
            .all(|c| c.is_whitespace() && c != '\n' && c != '\r')
        {
            let which = if disable { "disable" } else { "enable" };
            return Trivium::LineComment(format!(" nixfmt:{which}"));
        }
        Trivium::Directive(match (disable, self.pending_disable) {
            (true, None) => {
                self.pending_disable = Some(line_start);
                Directive::Disable
            }
            (true, Some(_)) => Directive::Disable,
            (false, Some(region)) => {
                self.pending_disable = None;
                Directive::Enable(Some(text[region..end].to_string()))
            }
            (false, None) => Directive::Enable(None),
        })
    }

    // Expressions.

    pub fn expr(&mut self, node: &Node<'_>) -> R<Expr> {
        syntax::deep::with_stack(|| self.expr_unguarded(node))
    }

    pub fn expr_unguarded(&mut self, node: &Node<'_>) -> R<Expr> {
        let p = parts(node);
        let e = |i: usize| get(&p, i, "expression");
        Ok(match node.kind() {
            APPLY => {
                let f = self.expr(&as_node(&e(0)?)?)?;
                let a = self.expr(&as_node(&e(1)?)?)?;
                Expr::Application(Box::new(f), Box::new(a))
            }
            BIN_OP => {
                let lhs = self.expr(&as_node(&e(0)?)?)?;
                let op = self.leaf(&e(1)?)?;
                let rhs = self.expr(&as_node(&e(2)?)?)?;
                // nixfmt parses `+` left-associatively and then rotates one level to the right
                // (its rules match on the first operand).
                match lhs {
                    Expr::Operation(one, op1, two) if op.text() == "+" && op1.text() == "+" => {
                        Expr::Operation(one, op1, Box::new(Expr::Operation(two, op, Box::new(rhs))))
                    }
                    lhs => Expr::Operation(Box::new(lhs), op, Box::new(rhs)),
                }
            }
            UNARY_OP => {
                let op_el = e(0)?;
                let op = self.leaf(&op_el)?;
                let operand = Box::new(self.expr(&as_node(&e(1)?)?)?);
                if op_el.kind() == BANG {
                    Expr::Inversion(op, operand)
                } else {
                    Expr::Negation(op, operand)
                }
            }
            HAS_ATTR => {
                let lhs = self.expr(&as_node(&e(0)?)?)?;
                let q = self.leaf(&e(1)?)?;
                let sels = self.attrpath(&as_node(&e(2)?)?, None)?;
                Expr::MemberCheck(Box::new(lhs), q, sels)
            }
            LAMBDA => {
                let param = self.param(&as_node(&e(0)?)?)?;
                let colon = self.leaf(&e(1)?)?;
                let body = self.expr(&as_node(&e(2)?)?)?;
                Expr::Abstraction(param, colon, Box::new(body))
            }
            WITH | ASSERT => {
                let kw = self.leaf(&e(0)?)?;
                let a = self.expr(&as_node(&e(1)?)?)?;
                let semi = self.leaf(&e(2)?)?;
                let b = self.expr(&as_node(&e(3)?)?)?;
                if node.kind() == WITH {
                    Expr::With(kw, Box::new(a), semi, Box::new(b))
                } else {
                    Expr::Assert(kw, Box::new(a), semi, Box::new(b))
                }
            }
            IF_ELSE => {
                let if_ = self.leaf(&e(0)?)?;
                let c = self.expr(&as_node(&e(1)?)?)?;
                let then = self.leaf(&e(2)?)?;
                let a = self.expr(&as_node(&e(3)?)?)?;
                let else_ = self.leaf(&e(4)?)?;
                let b = self.expr(&as_node(&e(5)?)?)?;
                Expr::If(if_, Box::new(c), then, Box::new(a), else_, Box::new(b))
            }
            LET_IN => {
                let let_ = self.leaf(&e(0)?)?;
                let n = p.len();
                let binders = self.binders(&p[1..n.saturating_sub(2)])?;
                let in_ = self.leaf(&get(&p, n.saturating_sub(2), "let")?)?;
                let body = self.expr(&as_node(&get(&p, n.saturating_sub(1), "let")?)?)?;
                Expr::Let(let_, binders, in_, Box::new(body))
            }
            _ => Expr::Term(self.term(node)?),
        })
    }

    pub fn term(&mut self, node: &Node<'_>) -> R<Term> {
        let p = parts(node);
        let e = |i: usize| get(&p, i, "term");
        Ok(match node.kind() {
            IDENT_NODE => Term::Token(self.leaf_kind(&as_token(&e(0)?)?, Tok::Ident)),
            LITERAL => {
                let t = as_token(&e(0)?)?;
                match t.kind() {
                    INTEGER => Term::Token(self.leaf_kind(&t, Tok::Integer)),
                    FLOAT => Term::Token(self.leaf_kind(&t, Tok::Float)),
                    _ => {
                        // nixfmt prints a URI as the string it stands for.
                        let mut meta = self.start_meta(usize::from(t.text_range().start()));
                        meta.trail = self.finish(&t);
                        let value = vec![vec![StringPart::Text(t.text().to_string())]];
                        Term::SimpleString(Ann { meta, value })
                    }
                }
            }
            PATH if e(0)?.kind() == SEARCH_PATH => {
                Term::Token(self.leaf_kind(&as_token(&e(0)?)?, Tok::EnvPath))
            }
            PATH => {
                let mut meta = self.start_meta(usize::from(node.text_range().start()));
                let mut parts_out = Vec::new();
                for el in p.iter() {
                    match el {
                        NodeOrToken::Token(t) => {
                            parts_out.push(StringPart::Text(t.text().to_string()))
                        }
                        NodeOrToken::Node(n) => parts_out.push(self.interpolation(n)?),
                    }
                }
                meta.trail = self.finish(&node.last_token().ok_or("empty path")?);
                Term::Path(Ann {
                    meta,
                    value: strings::normalize_line(parts_out),
                })
            }
            STRING => self.string(node)?,
            PAREN => {
                let open = self.leaf(&e(0)?)?;
                let inner = self.expr(&as_node(&e(1)?)?)?;
                let close = self.leaf(&e(2)?)?;
                Term::Parenthesized(open, Box::new(inner), close)
            }
            LIST => {
                let open = self.leaf(&e(0)?)?;
                let mut items = Vec::new();
                for el in &p[1..p.len().saturating_sub(1)] {
                    self.comments_item(&mut items);
                    items.push(Item::Item(self.term(&as_node(el)?)?));
                }
                self.comments_item(&mut items);
                let close = self.leaf(&get(&p, p.len().saturating_sub(1), "list")?)?;
                Term::List(open, items, close)
            }
            ATTR_SET | LEGACY_LET => {
                let mut i = 0;
                let kw = if matches!(e(0)?.kind(), REC_KW | LET_KW) {
                    i = 1;
                    Some(self.leaf(&e(0)?)?)
                } else {
                    None
                };
                let open = self.leaf(&e(i)?)?;
                let binders = self.binders(&p[i + 1..p.len().saturating_sub(1)])?;
                let close = self.leaf(&get(&p, p.len().saturating_sub(1), "set")?)?;
                Term::Set(kw, open, binders, close)
            }
            SELECT => {
                let base = self.term(&as_node(&e(0)?)?)?;
                let dot = self.leaf(&e(1)?)?;
                let sels = self.attrpath(&as_node(&e(2)?)?, Some(dot))?;
                let default = match p.get(3) {
                    Some(or) => {
                        let or = self.leaf(or)?;
                        let def = self.term(&as_node(&e(4)?)?)?;
                        Some((or, Box::new(def)))
                    }
                    None => None,
                };
                Term::Selection(Box::new(base), sels, default)
            }
            _ => return Err(format!("cannot format {:?} as a term", node.kind()).into()),
        })
    }

    /// nixfmt's `itemComment`: trivia before an item (or the closing bracket) is an item.
    fn comments_item<T>(&mut self, items: &mut Vec<Item<T>>) {
        if !self.pending.is_empty() {
            items.push(Item::Comments(std::mem::take(&mut self.pending)));
        }
    }

    fn binders(&mut self, els: &[El<'_>]) -> R<Vec<Item<Binder>>> {
        let mut items = Vec::new();
        for el in els {
            self.comments_item(&mut items);
            let node = as_node(el)?;
            let p = parts(&node);
            let e = |i: usize| get(&p, i, "binding");
            let binder = match node.kind() {
                ATTRPATH_VALUE => {
                    let sels = self.attrpath(&as_node(&e(0)?)?, None)?;
                    let eq = self.leaf(&e(1)?)?;
                    let value = self.expr(&as_node(&e(2)?)?)?;
                    let semi = self.leaf(&e(3)?)?;
                    Binder::Assignment(sels, eq, value, semi)
                }
                INHERIT => {
                    let kw = self.leaf(&e(0)?)?;
                    let mut rest = &p[1..p.len().saturating_sub(1)];
                    let from = match rest.first() {
                        Some(NodeOrToken::Node(n)) if n.kind() == INHERIT_FROM => {
                            let fp = parts(n);
                            let open = self.leaf(&get(&fp, 0, "inherit")?)?;
                            let inner = self.expr(&as_node(&get(&fp, 1, "inherit")?)?)?;
                            let close = self.leaf(&get(&fp, 2, "inherit")?)?;
                            rest = &rest[1..];
                            Some(Term::Parenthesized(open, Box::new(inner), close))
                        }
                        _ => None,
                    };
                    let mut names = Vec::new();
                    for n in rest {
                        let n = as_node(n)?;
                        if n.kind() == DYNAMIC && !is_string_interpolation(&n) {
                            let e = syntax::SyntaxError::new(
                                "dynamic attributes are not allowed in inherit",
                                n.text_range(),
                            );
                            return Err(Error::Invalid(
                                e.with_kind(syntax::SyntaxErrorKind::DynamicAttribute),
                            ));
                        }
                        names.push(self.simple_selector(&n)?);
                    }
                    let semi = self.leaf(&get(&p, p.len().saturating_sub(1), "inherit")?)?;
                    Binder::Inherit(kw, from, names, semi)
                }
                _ => return Err(unexpected("binding", el)),
            };
            items.push(Item::Item(binder));
        }
        self.comments_item(&mut items);
        Ok(items)
    }

    fn attrpath(&mut self, node: &Node<'_>, mut dot: Option<Leaf>) -> R<Vec<Selector>> {
        let mut sels = Vec::new();
        for el in parts(node).iter() {
            if el.kind() == DOT {
                dot = Some(self.leaf(el)?);
            } else {
                let sel = self.simple_selector(&as_node(el)?)?;
                sels.push(Selector {
                    dot: dot.take(),
                    sel,
                });
            }
        }
        Ok(sels)
    }

    fn simple_selector(&mut self, node: &Node<'_>) -> R<SimpleSelector> {
        Ok(match node.kind() {
            IDENT_NODE => {
                let t = node.first_token().ok_or("empty name")?;
                SimpleSelector::Id(self.leaf_kind(&t, Tok::Ident))
            }
            STRING => match self.string(node)? {
                Term::SimpleString(s) => SimpleSelector::Str(s),
                _ => return Err("cannot format an indented string as an attribute name".into()),
            },
            DYNAMIC => {
                let mut meta = self.start_meta(usize::from(node.text_range().start()));
                let value = self.interpolation(node)?;
                meta.trail = self.finish(&node.last_token().ok_or("empty interpolation")?);
                SimpleSelector::Interpol(Ann { meta, value })
            }
            k => return Err(format!("cannot format {k:?} as an attribute name").into()),
        })
    }

    /// `${ … }`: the inside is a "whole" with its own leading and final trivia.
    fn interpolation(&mut self, node: &Node<'_>) -> R<StringPart> {
        let p = parts(node);
        let open = as_token(&get(&p, 0, "interpolation")?)?;
        let inner = as_node(&get(&p, 1, "interpolation")?)?;
        let saved = std::mem::take(&mut self.pending);
        let before = self.pending_disable;
        let outer_cuts = self.cut_interpolations;
        let (raw, _) = self.trivia_after(&open);
        self.pending = self.convert_leading(raw);
        // nixfmt's strict mode erases lines with `mapAllTokens`, which does not enter
        // interpolations: their tokens keep their lines.
        let strict = std::mem::replace(&mut self.strict, false);
        let expr = self.expr(&inner);
        self.strict = strict;
        let expr = expr?;
        let trivia = std::mem::take(&mut self.pending);
        self.cut_interpolations = outer_cuts + usize::from(before != self.pending_disable);
        self.pending = saved;
        Ok(StringPart::Interpolation(Box::new(Whole { expr, trivia })))
    }

    fn string(&mut self, node: &Node<'_>) -> R<Term> {
        let mut meta = self.start_meta(usize::from(node.text_range().start()));
        let before = self.cut_interpolations;
        let mut raw_parts = Vec::new();
        let mut indented = false;
        for el in parts(node).iter() {
            match el {
                NodeOrToken::Token(t) if t.kind() == QUOTE2 => indented = true,
                NodeOrToken::Token(t) if t.kind() == DQUOTE => {}
                NodeOrToken::Token(t) => match raw_parts.last_mut() {
                    Some(StringPart::Text(s)) => s.push_str(t.text()),
                    _ => raw_parts.push(StringPart::Text(t.text().to_string())),
                },
                NodeOrToken::Node(n) => raw_parts.push(self.interpolation(n)?),
            }
        }
        let cut = self.cut_interpolations != before;
        meta.trail = self.finish(&node.last_token().ok_or("empty string")?);
        Ok(if indented {
            let (indentation, lines) = strings::fix_indented(raw_parts);
            if !cut && strings::can_be_simple(&lines) {
                Term::SimpleString(Ann {
                    meta,
                    value: strings::indented_to_simple(lines),
                })
            } else {
                Term::IndentedString(cut.then_some(indentation), Ann { meta, value: lines })
            }
        } else {
            Term::SimpleString(Ann {
                meta,
                value: strings::split_lines(raw_parts)
                    .into_iter()
                    .map(strings::normalize_line)
                    .collect(),
            })
        })
    }

    fn param(&mut self, node: &Node<'_>) -> R<Param> {
        let p = parts(node);
        match node.kind() {
            IDENT_PARAM => Ok(Param::Id(
                self.leaf_kind(&as_token(&get(&p, 0, "parameter")?)?, Tok::Ident),
            )),
            PATTERN => {
                let mut i = 0;
                let mut before = None;
                if let Some(NodeOrToken::Node(b)) = p.first() {
                    let bp = parts(b);
                    let name = self.leaf_kind(&as_token(&get(&bp, 0, "pattern")?)?, Tok::Ident);
                    let at = self.leaf(&get(&bp, 1, "pattern")?)?;
                    before = Some((name, at));
                    i = 1;
                }
                let open = self.leaf(&get(&p, i, "pattern")?)?;
                let mut attrs: Vec<ParamAttr> = Vec::new();
                let mut j = i + 1;
                while let Some(el) = p.get(j) {
                    match el.kind() {
                        R_CURLY => break,
                        PAT_ENTRY => {
                            let ep = parts(&as_node(el)?);
                            let name =
                                self.leaf_kind(&as_token(&get(&ep, 0, "formal")?)?, Tok::Ident);
                            let default = match ep.get(1) {
                                Some(q) => {
                                    let q = self.leaf(q)?;
                                    let d = self.expr(&as_node(&get(&ep, 2, "formal")?)?)?;
                                    Some((q, Box::new(d)))
                                }
                                None => None,
                            };
                            attrs.push(ParamAttr::Attr(name, default, None));
                        }
                        COMMA => {
                            let comma = self.leaf(el)?;
                            match attrs.last_mut() {
                                Some(ParamAttr::Attr(_, _, c @ None)) => *c = Some(comma),
                                _ => return Err("cannot format this comma in a pattern".into()),
                            }
                        }
                        ELLIPSIS => attrs.push(ParamAttr::Ellipsis(self.leaf(el)?)),
                        _ => return Err(unexpected("pattern", el)),
                    }
                    j += 1;
                }
                let close = self.leaf(&get(&p, j, "pattern")?)?;
                let set = Param::Set(open, attrs, close);
                if let Some((name, at)) = before {
                    return Ok(Param::Context(Box::new(Param::Id(name)), at, Box::new(set)));
                }
                if let Some(NodeOrToken::Node(b)) = p.get(j + 1) {
                    let bp = parts(b);
                    let at = self.leaf(&get(&bp, 0, "pattern")?)?;
                    let name = self.leaf_kind(&as_token(&get(&bp, 1, "pattern")?)?, Tok::Ident);
                    return Ok(Param::Context(Box::new(set), at, Box::new(Param::Id(name))));
                }
                Ok(set)
            }
            k => Err(format!("cannot format {k:?} as a parameter").into()),
        }
    }
}

/// `${"…"}`: the one dynamic name nixfmt accepts in `inherit`.
fn is_string_interpolation(dynamic: &Node<'_>) -> bool {
    let inner: Vec<Node<'_>> = dynamic.children().collect();
    matches!(inner.as_slice(), [s] if s.kind() == STRING && s.first_token().is_some_and(|t| t.kind() == DQUOTE))
}
