//! `toXML` and `--xml` output: Nix's XML rendering of values.

use crate::coerce::CoerceMode;
use crate::error::EvalResult;
use crate::ir::Param;
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::*;
use rustc_hash::FxHashSet;

pub fn to_xml(m: &mut Machine, args: &[Value], pos: Pos) -> EvalResult<Value> {
    let mut context = Context::new();
    let text = render(m, &args[0], false, pos, &mut context)?;
    Ok(Value::String(NixString::from_bytes(text, Some(context))))
}

/// The whole document, forcing values as it goes; `location` adds the `line`, `column`
/// and `path` of attributes and functions (`--xml` without `--no-location`). Bytes: a
/// string that is not UTF-8 is written as its bytes, as CppNix does.
pub fn render(
    m: &mut Machine,
    v: &Value,
    location: bool,
    pos: Pos,
    context: &mut Context,
) -> EvalResult<Vec<u8>> {
    let mut w = Writer {
        out: b"<?xml version='1.0' encoding='utf-8'?>\n<expr>\n".to_vec(),
        location,
        drvs_seen: FxHashSet::default(),
    };
    w.value(m, v, 1, pos, context)?;
    w.out.extend_from_slice(b"</expr>\n");
    Ok(w.out)
}

struct Writer {
    out: Vec<u8>,
    location: bool,
    drvs_seen: FxHashSet<String>,
}

fn escape(out: &mut Vec<u8>, s: &[u8]) {
    for &b in s {
        match b {
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            // Only line feeds: CppNix's XMLWriter writes tab and CR as they are (Nix 2.8
            // too).
            b'\n' => out.extend_from_slice(b"&#xA;"),
            b => out.push(b),
        }
    }
}

impl Writer {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// `<tag k="v" …` at its indentation, without the closing `>`.
    fn start_tag(&mut self, depth: usize, tag: &str, attrs: &[(&str, String)]) {
        self.indent(depth);
        self.out.push(b'<');
        self.out.extend_from_slice(tag.as_bytes());
        for (k, v) in attrs {
            self.attr(k, v.as_bytes());
        }
    }

    fn attr(&mut self, name: &str, value: &[u8]) {
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape(&mut self.out, value);
        self.out.push(b'"');
    }

    fn empty(&mut self, depth: usize, tag: &str, attrs: &[(&str, String)]) {
        self.start_tag(depth, tag, attrs);
        self.out.extend_from_slice(b" />\n");
    }

    fn open(&mut self, depth: usize, tag: &str, attrs: &[(&str, String)]) {
        self.start_tag(depth, tag, attrs);
        self.out.extend_from_slice(b">\n");
    }

    fn close(&mut self, depth: usize, tag: &str) {
        self.indent(depth);
        self.out.extend_from_slice(format!("</{tag}>\n").as_bytes());
    }

    fn location(&self, m: &Machine, pos: Pos) -> Vec<(&'static str, String)> {
        if !self.location {
            return Vec::new();
        }
        match m.sources.describe(pos) {
            Some((file, line, col)) => vec![
                ("column", col.to_string()),
                ("line", line.to_string()),
                ("path", file),
            ],
            None => Vec::new(),
        }
    }

    fn attrs(
        &mut self,
        m: &mut Machine,
        a: &Attrs,
        depth: usize,
        pos: Pos,
        context: &mut Context,
    ) -> EvalResult<()> {
        for x in a.sorted_by_name() {
            let mut attrs = vec![("name", x.name.name().to_string())];
            attrs.extend(self.location(m, x.pos));
            self.open(depth, "attr", &attrs);
            m.guarded(|m| self.value(m, &x.value, depth + 1, pos, context))?;
            self.close(depth, "attr");
        }
        Ok(())
    }

    fn value(
        &mut self,
        m: &mut Machine,
        v: &Value,
        depth: usize,
        pos: Pos,
        context: &mut Context,
    ) -> EvalResult<()> {
        let v = m.force(v)?;
        match &v {
            Value::Int(i) => self.empty(depth, "int", &[("value", i.to_string())]),
            Value::Bool(b) => self.empty(depth, "bool", &[("value", b.to_string())]),
            Value::String(s) => {
                if let Some(c) = s.context() {
                    context.extend(c.iter().cloned());
                }
                self.start_tag(depth, "string", &[]);
                self.attr("value", s.as_bytes());
                self.out.extend_from_slice(b" />\n");
            }
            Value::Path(p) => self.empty(depth, "path", &[("value", p.to_string())]),
            Value::Null => self.empty(depth, "null", &[]),
            Value::Float(f) => {
                self.empty(depth, "float", &[("value", crate::print::format_float(*f))])
            }
            Value::Attrs(a) => {
                if m.is_derivation(a)? {
                    let mut attrs = Vec::new();
                    let mut drv_path = None;
                    if let Some(p) = a.get(m.known.drv_path).cloned() {
                        let s = m.coerce_to_string(&p, pos, CoerceMode::interpolation())?;
                        drv_path = Some(s.as_str().to_string());
                        attrs.push(("drvPath", s.as_str().to_string()));
                    }
                    if let Some(p) = a.get(m.known.out_path).cloned() {
                        let s = m.coerce_to_string(&p, pos, CoerceMode::interpolation())?;
                        attrs.push(("outPath", s.as_str().to_string()));
                    }
                    self.open(depth, "derivation", &attrs);
                    let key = drv_path.unwrap_or_default();
                    if self.drvs_seen.insert(key) {
                        self.attrs(m, a, depth + 1, pos, context)?;
                    } else {
                        self.empty(depth + 1, "repeated", &[]);
                    }
                    self.close(depth, "derivation");
                } else {
                    self.open(depth, "attrs", &[]);
                    self.attrs(m, a, depth + 1, pos, context)?;
                    self.close(depth, "attrs");
                }
            }
            Value::List(l) => {
                self.open(depth, "list", &[]);
                for x in l.iter() {
                    m.guarded(|m| self.value(m, x, depth + 1, pos, context))?;
                }
                self.close(depth, "list");
            }
            Value::Lambda(c) => {
                let loc = self.location(m, c.def.pos);
                self.open(depth, "function", &loc);
                match &c.def.param {
                    Param::Ident(name) => {
                        self.empty(depth + 1, "varpat", &[("name", name.name().to_string())])
                    }
                    Param::Pattern {
                        formals,
                        ellipsis,
                        bind,
                    } => {
                        let mut attrs = Vec::new();
                        if *ellipsis {
                            attrs.push(("ellipsis", "1".to_string()));
                        }
                        if let Some(b) = bind {
                            attrs.push(("name", b.name().to_string()));
                        }
                        self.open(depth + 1, "attrspat", &attrs);
                        let mut names: Vec<_> = formals.iter().map(|f| f.name).collect();
                        names.sort_by(|a, b| a.cmp_by_name(*b));
                        for n in names {
                            self.empty(depth + 2, "attr", &[("name", n.name().to_string())]);
                        }
                        self.close(depth + 1, "attrspat");
                    }
                }
                self.close(depth, "function");
            }
            Value::PrimOp(_) | Value::PrimOpApp(_) | Value::Thunk(_) => {
                self.empty(depth, "unevaluated", &[])
            }
        }
        Ok(())
    }
}
