//! The evaluator proper: forcing thunks, evaluating IR in environments, calling functions.
//! Recursion runs on the native stack, grown on demand (stacker), with Nix's call-depth limit
//! so that runaway recursion ends in an error rather than a crash.

use crate::compile::{self, CompileOptions};
use crate::error::{ErrorKind, EvalError, EvalResult, TraceFrame, err};
use crate::io::FileSystem;
use crate::ir::*;
use crate::options::EvalOptions;
use crate::source::{Origin, Pos, Sources};
use crate::symbol::{Known, Symbol, known};
use crate::value::*;
use rustc_hash::FxHashMap;
use smallvec::smallvec;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// Native stack kept free before recursing, and the size of each new segment.
const STACK_RED_ZONE: usize = 256 * 1024;
const STACK_SEGMENT: usize = 8 * 1024 * 1024;
/// Nested forcing (not calls) beyond this is reported as a stack overflow: it bounds memory.
const MAX_EVAL_DEPTH: usize = 200_000;

/// The current stack pointer, approximately: the address of a local.
#[inline(always)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// The address below which the current stack (segment) has less than the red zone left;
/// `usize::MAX` when unknown, so that every check takes stacker's precise path.
fn stack_floor() -> usize {
    match stacker::remaining_stack() {
        Some(remaining) => (stack_pointer() - remaining).saturating_add(STACK_RED_ZONE),
        None => usize::MAX,
    }
}

pub struct Machine {
    pub sources: Rc<Sources>,
    pub options: EvalOptions,
    pub fs: Rc<dyn FileSystem>,
    /// Store paths backed by source directories (flakes and their inputs).
    pub mounts: Rc<crate::mounts::Mounts>,
    pub known: Rc<Known>,
    pub(crate) base_env: Env,
    pub(crate) global_names: FxHashMap<Symbol, u32>,
    pub(crate) builtins_attrs: Rc<Attrs>,
    import_cache: FxHashMap<PathBuf, Value>,
    pub derivation_cache: crate::builtins::derivation::DrvCache,
    pub(crate) copied_paths: FxHashMap<String, String>,
    /// What each store path computed from a file or a string holds, by path, so that a
    /// build can hand it to the daemon (derivations are in `derivation_cache`).
    pub store_objects: FxHashMap<String, crate::store_ops::StoreObject>,
    /// `builtins.getFlake` results, by reference (a machine lives while its files do not
    /// change).
    pub(crate) flakes: FxHashMap<String, Value>,
    /// Sources found by `fetch_input`, by the input's URL (hashing a tree once).
    pub(crate) fetched: FxHashMap<String, crate::flake::fetch::Fetched>,
    call_depth: usize,
    /// Calls made so far, and the count at which the limits are next looked at.
    calls: u64,
    next_limit_check: u64,
    eval_depth: usize,
    /// The lowest stack address `guarded` may run at without growing the stack; see
    /// [`Machine::guarded`].
    stack_floor: usize,
}

/// The base environment refers to itself (`builtins.builtins`, and `derivation`'s closure
/// over the base environment): those reference cycles are cut here, or every machine would
/// leak its builtins (about 20 KB; an evaluation service makes machines by the thousand).
impl Drop for Machine {
    fn drop(&mut self) {
        for name in ["builtins", "derivation"] {
            if let Some(Value::Thunk(t)) = self.builtins_attrs.get(Symbol::new(name)) {
                t.set(ThunkState::Blackhole);
            }
        }
    }
}

impl Machine {
    pub fn new(options: EvalOptions, fs: Rc<dyn FileSystem>) -> Machine {
        let (base_env, global_names, builtins_attrs) = crate::builtins::base_env(&options);
        let sources = Rc::new(Sources::default());
        crate::source::set_current(&sources);
        let mounts = Rc::new(crate::mounts::Mounts::default());
        let mounted = crate::mounts::MountedFs {
            mounts: mounts.clone(),
            inner: fs,
        };
        let mut m = Machine {
            sources,
            options,
            fs: Rc::new(crate::corepkgs::WithCorePkgs(Rc::new(mounted))),
            mounts,
            known: known(),
            base_env,
            global_names,
            builtins_attrs,
            import_cache: FxHashMap::default(),
            derivation_cache: Default::default(),
            copied_paths: FxHashMap::default(),
            store_objects: FxHashMap::default(),
            flakes: FxHashMap::default(),
            fetched: FxHashMap::default(),
            call_depth: 0,
            calls: 0,
            next_limit_check: 0,
            eval_depth: 0,
            stack_floor: stack_floor(),
        };
        m.install_derivation_function();
        m
    }

    /// Compiles the Nix source of `derivation` into the slot `base_env` reserved for it.
    fn install_derivation_function(&mut self) {
        let source = crate::builtins::derivation::DERIVATION_NIX;
        let (expr, _) = self
            .compile_source(
                Origin::Text("«nix-internal»/derivation.nix"),
                source.into(),
                Path::new("/"),
                None,
            )
            .expect("the built-in derivation function compiles");
        if let Some(Value::Thunk(t)) = self.builtins_attrs.get(Symbol::new("derivation")) {
            t.set(ThunkState::Pending(expr, self.base_env.clone()));
        }
    }

    // --- entry points ---

    /// Parses and compiles source text; `base_dir` anchors relative paths.
    pub fn compile_source(
        &mut self,
        origin: Origin,
        text: Rc<str>,
        base_dir: &Path,
        extra_scope: Option<&Attrs>,
    ) -> EvalResult<(ExprRef, Option<Value>)> {
        let file = self.sources.add(origin, text.clone());
        let parse = syntax::parse(&text);
        let mut errors: Vec<(String, syntax::TextRange)> = parse
            .errors()
            .iter()
            .map(|e| (e.message.clone(), e.range))
            .collect();
        errors.extend(
            syntax::validate::validate(&parse.tree())
                .into_iter()
                .filter(|e| e.kind != syntax::SyntaxErrorKind::UndefinedVariable)
                .map(|e| (e.message, e.range)),
        );
        let mut globals = vec![self.global_names.clone()];
        let mut scope_value = None;
        if let Some(extra) = extra_scope {
            let names = extra
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name, i as u32))
                .collect();
            globals.push(names);
            scope_value = Some(Value::list(extra.iter().map(|a| a.value.clone()).collect()));
        }
        let options = CompileOptions {
            pipe_operators: self.options.pipe_operators,
            lints: self.options.lints,
        };
        if errors.is_empty() {
            match compile::compile(&parse.tree(), file, base_dir, &globals, &options) {
                Ok(compiled) => {
                    for w in compiled.warnings {
                        let pos = Pos {
                            file,
                            offset: w.range.start().into(),
                        };
                        let at = match self.sources.describe(pos) {
                            Some((f, line, col)) => format!("\n       at {f}:{line}:{col}"),
                            None => String::new(),
                        };
                        (self.options.messages)(&format!("warning: {}{at}", w.message));
                    }
                    return Ok((compiled.expr, scope_value));
                }
                Err(es) => errors.extend(es.into_iter().map(|e| (e.message, e.range))),
            }
        }
        errors.sort_by_key(|(_, r)| r.start());
        let (message, range) = errors.swap_remove(0);
        Err(EvalError::new(
            ErrorKind::Parse,
            message,
            Pos {
                file,
                offset: range.start().into(),
            },
        ))
    }

    /// Evaluates source text to weak head normal form.
    pub fn eval_source(
        &mut self,
        origin: Origin,
        text: &str,
        base_dir: &Path,
    ) -> EvalResult<Value> {
        let value = self.eval_lazy_source(origin, text, base_dir)?;
        self.force(&value)
    }

    /// `import path`: evaluates a file once and caches its value.
    pub fn import_file(&mut self, path: &Path, pos: Pos) -> EvalResult<Value> {
        let path = self.resolve_import_path(path, pos)?;
        if let Some(v) = self.import_cache.get(&path) {
            return self.force(&v.clone());
        }
        let value = self.eval_file(&path, None, pos)?;
        self.import_cache.insert(path, value.clone());
        Ok(value)
    }

    /// `scopedImport attrs path`: evaluates a file with extra names in scope (never cached).
    pub fn scoped_import(&mut self, scope: &Attrs, path: &Path, pos: Pos) -> EvalResult<Value> {
        let path = self.resolve_import_path(path, pos)?;
        self.eval_file(&path, Some(scope), pos)
    }

    /// CppNix's `resolveExprPath`: a symlink is followed (so that relative paths in the file
    /// work, and two links to one file import the same value), a directory means its
    /// `default.nix`.
    fn resolve_import_path(&self, path: &Path, pos: Pos) -> EvalResult<PathBuf> {
        let mut path = path.to_path_buf();
        for _ in 0..1024 {
            if !matches!(
                self.fs.symlink_type(&path),
                Ok(crate::io::FileType::Symlink)
            ) {
                break;
            }
            match self.fs.read_link(&path) {
                Ok(target) => {
                    let dir = path.parent().unwrap_or(Path::new("/"));
                    let joined = dir.join(target);
                    path = PathBuf::from(crate::paths::canonicalize(&joined.to_string_lossy()));
                }
                Err(_) => break,
            }
        }
        match self.fs.file_type(&path) {
            Ok(crate::io::FileType::Directory) => path.push("default.nix"),
            Ok(_) => {}
            Err(e) => {
                let problem = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist"
                } else {
                    "cannot be read"
                };
                return err(format!("path '{}' {problem}", path.display()), pos);
            }
        }
        Ok(path)
    }

    fn eval_file(&mut self, path: &Path, scope: Option<&Attrs>, pos: Pos) -> EvalResult<Value> {
        let text = match self.fs.read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                return err(format!("reading '{}': {e}", path.display()), pos);
            }
        };
        let base_dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let (expr, scope_values) = self.compile_source(
            Origin::File(path.to_path_buf()),
            text.into(),
            &base_dir,
            scope,
        )?;
        let mut env = self.base_env.clone();
        if let Some(Value::List(values)) = scope_values {
            env = EnvFrame::new(values.to_vec(), Some(env));
        }
        self.eval(&expr, &env)
    }

    // --- forcing ---

    #[inline]
    pub fn force(&mut self, v: &Value) -> EvalResult<Value> {
        match v {
            Value::Thunk(t) => self.force_thunk(t),
            _ => Ok(v.clone()),
        }
    }

    fn force_thunk(&mut self, t: &Thunk) -> EvalResult<Value> {
        let state = t.take();
        let result = match &state {
            ThunkState::Done(v) => {
                let v = v.clone();
                t.set(state);
                return Ok(v);
            }
            ThunkState::Pending(expr, env) => self.guarded(|m| m.eval(expr, env)),
            ThunkState::Apply(f, arg) => self.force_application(f, arg),
            ThunkState::Blackhole => return Err(infinite_recursion()),
            ThunkState::Failed(e) => {
                let e = e.clone();
                t.set(state);
                return Err(e);
            }
        };
        match result {
            Ok(v) => {
                t.set(ThunkState::Done(v.clone()));
                Ok(v)
            }
            Err(e) => Err(thunk_failed(t, state, e)),
        }
    }

    /// A lazy application that builtins create (`map`, `genList`, …); out of line, so that
    /// `force_thunk`, entered at every level of recursion, keeps a small frame.
    #[inline(never)]
    fn force_application(&mut self, f: &Value, arg: &Value) -> EvalResult<Value> {
        let (f, arg) = (f.clone(), arg.clone());
        // No call site in the source (`genList`'s elements): errors point at the function.
        let pos = match &f {
            Value::Lambda(closure) => closure.def.pos,
            _ => Pos::NONE,
        };
        self.guarded(|m| m.call(f, arg, pos))
    }

    /// Runs `f` one level deeper, growing the native stack if needed. The common case is one
    /// comparison of the stack pointer with `stack_floor`; only near the floor does stacker
    /// check precisely and, if needed, switch to a new segment with its own floor.
    #[inline]
    pub(crate) fn guarded<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> EvalResult<T>,
    ) -> EvalResult<T> {
        if self.eval_depth >= MAX_EVAL_DEPTH {
            return Err(EvalError::new(
                ErrorKind::StackOverflow,
                "stack overflow; max-call-depth exceeded",
                Pos::NONE,
            ));
        }
        self.eval_depth += 1;
        let r = if stack_pointer() > self.stack_floor {
            f(self)
        } else {
            self.grow_stack(f)
        };
        self.eval_depth -= 1;
        r
    }

    #[cold]
    #[inline(never)]
    fn grow_stack<T>(&mut self, f: impl FnOnce(&mut Self) -> EvalResult<T>) -> EvalResult<T> {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            let outer_floor = std::mem::replace(&mut self.stack_floor, stack_floor());
            let r = f(self);
            self.stack_floor = outer_floor;
            r
        })
    }

    /// Forces a value and everything inside it (`deepSeq`, `--strict`).
    pub fn force_deep(&mut self, v: &Value) -> EvalResult<Value> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.force_deep_inner(v, &mut seen)
    }

    /// One level of [`Machine::force_deep`], counted against `max-call-depth` as current
    /// CppNix's `forceValueDeep` counts it (`addCallDepth` at each level, eval.cc): a value
    /// nested deeper than that is an error, however it was built (Nix 2.8 did not count).
    fn force_deep_inner(
        &mut self,
        v: &Value,
        seen: &mut rustc_hash::FxHashSet<usize>,
    ) -> EvalResult<Value> {
        self.nested(Pos::NONE, |m| m.force_deep_level(v, seen))
    }

    fn force_deep_level(
        &mut self,
        v: &Value,
        seen: &mut rustc_hash::FxHashSet<usize>,
    ) -> EvalResult<Value> {
        let v = self.force(v)?;
        match &v {
            Value::Attrs(a) if seen.insert(Rc::as_ptr(a) as usize) => {
                for attr in a.iter() {
                    self.force_deep_inner(&attr.value, seen).map_err(|e| {
                        m_trace(e, attr.pos, || {
                            format!("while evaluating the attribute '{}'", attr.name)
                        })
                    })?;
                }
            }
            Value::List(l) if seen.insert(Rc::as_ptr(l) as usize) => {
                for item in l.iter() {
                    self.force_deep_inner(item, seen)?;
                }
            }
            _ => {}
        }
        Ok(v)
    }

    // --- environments ---

    #[inline]
    fn frame_at(env: &Env, depth: u32) -> &Env {
        let mut e = env;
        for _ in 0..depth {
            e = e
                .parent
                .as_ref()
                .expect("compiled depth within the environment chain");
        }
        e
    }

    #[inline]
    fn lookup(env: &Env, depth: u32, slot: u32) -> Value {
        Self::frame_at(env, depth).slots.borrow()[slot as usize].clone()
    }

    /// A value for `e` without evaluating it: literals, variables and lambdas directly,
    /// anything else as a thunk.
    #[inline]
    pub fn delay(&self, e: &ExprRef, env: &Env) -> Value {
        match &**e {
            Expr::Const(v) => v.clone(),
            Expr::Var { depth, slot } => Self::lookup(env, *depth, *slot),
            Expr::Lambda(def) => Value::Lambda(Rc::new(Closure {
                def: def.clone(),
                env: env.clone(),
            })),
            _ => Value::Thunk(Thunk::new(e.clone(), env.clone())),
        }
    }

    /// Like [`Machine::delay`] for a frame still being filled, `filled` its slots so far. A
    /// variable naming one of those shares its value, as CppNix's `ExprVar::maybeThunk`
    /// shares an initialised slot (`let f = …; g = f;`: `g` is `f`'s very value, so
    /// `[ f ] == [ g ]` even for functions); a later slot is not ready yet: a thunk.
    fn delay_in_new_frame(&self, e: &ExprRef, env: &Env, filled: &[Value]) -> Value {
        match &**e {
            Expr::Var { depth: 0, slot } => match filled.get(*slot as usize) {
                Some(v) => v.clone(),
                None => Value::Thunk(Thunk::new(e.clone(), env.clone())),
            },
            _ => self.delay(e, env),
        }
    }

    // --- evaluation ---

    /// A variable's value, forced. A thunk in the slot is replaced by its value once forced,
    /// so later reads of the variable skip the thunk; unless the value is one CppNix tells
    /// by its address (see [`Value::has_identity`]): the thunk is that address here.
    #[inline]
    fn eval_var(&mut self, env: &Env, depth: u32, slot: u32) -> EvalResult<Value> {
        let frame = Self::frame_at(env, depth);
        let thunk = match &frame.slots.borrow()[slot as usize] {
            Value::Thunk(t) => t.clone(),
            v => return Ok(v.clone()),
        };
        let v = self.force_thunk(&thunk)?;
        if !v.has_identity()
            && let Ok(mut slots) = frame.slots.try_borrow_mut()
        {
            slots[slot as usize] = v.clone();
        }
        Ok(v)
    }

    /// Evaluates an expression to weak head normal form. The hot, small cases are handled
    /// here; the rest are separate functions, so that this one, entered once per level of
    /// recursion, keeps a small stack frame.
    pub fn eval(&mut self, e: &Expr, env: &Env) -> EvalResult<Value> {
        match e {
            Expr::Const(v) => Ok(v.clone()),
            Expr::Var { depth, slot } => self.eval_var(env, *depth, *slot),
            Expr::Lambda(def) => Ok(Value::Lambda(Rc::new(Closure {
                def: def.clone(),
                env: env.clone(),
            }))),
            Expr::Apply { func, args, pos } => {
                let mut f = self.eval(func, env)?;
                let mut rest = &args[..];
                if let [a, b, tail @ ..] = rest {
                    let (a, b) = (self.delay(a, env), self.delay(b, env));
                    f = self.call2(&f, a, b, *pos)?;
                    rest = tail;
                }
                for a in rest {
                    let arg = self.delay(a, env);
                    f = self.call(f, arg, *pos)?;
                }
                Ok(f)
            }
            Expr::If {
                cond,
                then,
                else_,
                pos,
            } => match self.eval(cond, env)? {
                Value::Bool(true) => self.eval(then, env),
                Value::Bool(false) => self.eval(else_, env),
                other => Err(not_a_bool(&other, *pos)),
            },
            // Guarded: operator chains (`1 + 1 + …`, `a && b && …`) recurse here as deep as
            // the source is long.
            Expr::Binary { op, lhs, rhs, pos } => {
                self.guarded(|m| m.eval_binary(*op, lhs, rhs, *pos, env))
            }
            Expr::Select {
                expr,
                path,
                default,
                pos,
            } => self.eval_select(expr, path, default.as_ref(), *pos, env),
            Expr::Let { slots, body } => self.eval_let(slots, body, env),
            Expr::Attrs(def) => self.eval_attrs(def, env),
            Expr::List(items) => self.eval_list(items, env),
            Expr::WithVar { name, withs, pos } => {
                let v = self.lookup_with(*name, withs, env, *pos)?;
                self.force(&v)
            }
            Expr::HasAttr { expr, path } => self.eval_has_attr(expr, path, env),
            Expr::With {
                namespace, body, ..
            } => self.eval_with(namespace, body, env),
            Expr::Assert {
                cond,
                body,
                text,
                pos,
            } => self.eval_assert(cond, body, text, *pos, env),
            Expr::Not(e, pos) => match self.eval(e, env)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                other => Err(not_a_bool(&other, *pos)),
            },
            Expr::Interpolate {
                parts,
                is_path,
                pos,
            } => self.eval_interpolation(parts, *is_path, *pos, env),
            Expr::HomePath(rest, pos) => home_path(rest, *pos),
            Expr::CurPos(pos) => Ok(self.pos_value(*pos)),
        }
    }

    #[inline(never)]
    fn eval_list(&mut self, items: &[ExprRef], env: &Env) -> EvalResult<Value> {
        Ok(Value::list(
            items.iter().map(|i| self.delay(i, env)).collect(),
        ))
    }

    #[inline(never)]
    fn eval_let(&mut self, slots: &[ExprRef], body: &Expr, env: &Env) -> EvalResult<Value> {
        // The frame's slots are filled once every value is delayed: delaying never reads
        // this frame's own slots.
        let frame = EnvFrame::new(Slots::new(), Some(env.clone()));
        {
            let mut values = Slots::with_capacity(slots.len());
            for s in slots {
                let v = self.delay_in_new_frame(s, &frame, &values);
                values.push(v);
            }
            *frame.slots.borrow_mut() = values;
        }
        self.eval(body, &frame)
    }

    #[inline(never)]
    fn eval_with(&mut self, namespace: &ExprRef, body: &Expr, env: &Env) -> EvalResult<Value> {
        let ns = self.delay(namespace, env);
        let frame = EnvFrame::new(smallvec![ns], Some(env.clone()));
        self.eval(body, &frame)
    }

    #[inline(never)]
    fn eval_has_attr(&mut self, expr: &Expr, path: &[AttrKey], env: &Env) -> EvalResult<Value> {
        let mut v = self.eval(expr, env)?;
        for (i, key) in path.iter().enumerate() {
            let Value::Attrs(attrs) = &v else {
                return Ok(Value::Bool(false));
            };
            let name = self.attr_key(key, env)?;
            match attrs.get(name) {
                // The last attribute is only tested for presence, never forced.
                Some(_) if i + 1 == path.len() => {}
                Some(x) => {
                    let x = x.clone();
                    v = self.force(&x)?;
                }
                None => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    }

    #[inline(never)]
    fn eval_assert(
        &mut self,
        cond: &Expr,
        body: &Expr,
        text: &str,
        pos: Pos,
        env: &Env,
    ) -> EvalResult<Value> {
        match self.eval(cond, env)? {
            Value::Bool(true) => self.eval(body, env),
            Value::Bool(false) => {
                // An equality says which part differs first (CppNix's ExprAssert::eval).
                if let Expr::Binary {
                    op: BinOp::Eq,
                    lhs,
                    rhs,
                    ..
                } = cond
                {
                    let a = self.eval(lhs, env)?;
                    let b = self.eval(rhs, env)?;
                    self.assert_equal_values(&a, &b, pos)?;
                }
                Err(EvalError::new(
                    ErrorKind::Assert,
                    format!("assertion '{text}' failed"),
                    pos,
                ))
            }
            other => Err(not_a_bool(&other, pos)),
        }
    }

    /// `{ file, line, column }` for a position (`__curPos`, `unsafeGetAttrPos`); `null` for
    /// one in `-E` text or stdin, which is no file (current CppNix's `EvalState::mkPos`;
    /// Nix 2.8 gave the text itself as `file`).
    pub fn pos_value(&self, pos: Pos) -> Value {
        let Some(source) = self.sources.get(pos.file) else {
            return Value::Null;
        };
        if !matches!(source.origin, crate::source::Origin::File(_)) {
            return Value::Null;
        }
        let (line, column) = source.line_col(pos.offset);
        let file = source.display_name();
        let k = &self.known;
        Value::attrs(Attrs::from_unsorted(vec![
            Attr {
                name: k.file,
                value: Value::string(file),
                pos: Pos::NONE,
            },
            Attr {
                name: k.line,
                value: Value::Int(line.into()),
                pos: Pos::NONE,
            },
            Attr {
                name: k.column,
                value: Value::Int(column.into()),
                pos: Pos::NONE,
            },
        ]))
    }

    #[inline(never)]
    fn lookup_with(
        &mut self,
        name: Symbol,
        withs: &[u32],
        env: &Env,
        pos: Pos,
    ) -> EvalResult<Value> {
        for &depth in withs {
            let ns = Self::lookup(env, depth, 0);
            let ns = self.force(&ns)?;
            match &ns {
                Value::Attrs(a) => {
                    if let Some(v) = a.get(name) {
                        return Ok(v.clone());
                    }
                }
                other => {
                    return crate::builtins::type_error("a set", other, pos);
                }
            }
        }
        err(format!("undefined variable '{name}'"), pos)
    }

    /// The name an attribute key denotes; `None` for a dynamic `null`.
    fn attr_key_opt(&mut self, key: &AttrKey, env: &Env) -> EvalResult<Option<Symbol>> {
        match key {
            AttrKey::Static(s) => Ok(Some(*s)),
            AttrKey::Dynamic(e) => {
                let v = self.eval(e, env)?;
                match v {
                    Value::Null => Ok(None),
                    Value::String(s) => Ok(Some(Symbol::new(s.as_str()))),
                    other => crate::builtins::type_error("a string", &other, Pos::NONE),
                }
            }
        }
    }

    fn attr_key(&mut self, key: &AttrKey, env: &Env) -> EvalResult<Symbol> {
        match self.attr_key_opt(key, env)? {
            Some(s) => Ok(s),
            None => err("expected a string but found null", Pos::NONE),
        }
    }

    #[inline(never)]
    fn eval_select(
        &mut self,
        expr: &ExprRef,
        path: &[AttrKey],
        default: Option<&ExprRef>,
        pos: Pos,
        env: &Env,
    ) -> EvalResult<Value> {
        let mut v = self.eval(expr, env)?;
        for key in path {
            let name = self.attr_key(key, env)?;
            let found = match &v {
                Value::Attrs(attrs) => attrs.get(name).cloned(),
                other => {
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    return crate::builtins::type_error("a set", other, pos);
                }
            };
            match found {
                Some(x) => {
                    v = self.force(&x).map_err(|e| {
                        m_trace(e, pos, || {
                            format!("while evaluating the attribute '{name}'")
                        })
                    })?
                }
                None => {
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    let Value::Attrs(attrs) = &v else {
                        unreachable!()
                    };
                    return err(missing_attr_message(name, attrs), pos);
                }
            }
        }
        Ok(v)
    }

    #[inline(never)]
    fn eval_attrs(&mut self, def: &AttrsDef, env: &Env) -> EvalResult<Value> {
        let mut entries: Vec<Attr> = Vec::with_capacity(def.statics.len() + def.dynamics.len());
        let value_env = if def.new_frame {
            let size = if def.rec {
                def.statics.len() + def.hidden.len()
            } else {
                def.hidden.len()
            };
            let frame = EnvFrame::new(Slots::new(), Some(env.clone()));
            let mut values = Slots::with_capacity(size);
            if def.rec {
                for s in &def.statics {
                    let v = self.delay_in_new_frame(&s.value, &frame, &values);
                    values.push(v);
                }
            }
            for h in &def.hidden {
                let v = self.delay_in_new_frame(h, &frame, &values);
                values.push(v);
            }
            *frame.slots.borrow_mut() = values;
            frame
        } else {
            env.clone()
        };
        if def.rec {
            let slots = value_env.slots.borrow();
            for (i, s) in def.statics.iter().enumerate() {
                entries.push(Attr {
                    name: s.name,
                    value: slots[i].clone(),
                    pos: s.pos,
                });
            }
        } else {
            for s in &def.statics {
                entries.push(Attr {
                    name: s.name,
                    value: if def.new_frame {
                        self.delay_in_new_frame(&s.value, &value_env, &value_env.slots.borrow())
                    } else {
                        self.delay(&s.value, &value_env)
                    },
                    pos: s.pos,
                });
            }
        }
        let mut attrs = Attrs::from_unsorted(entries);
        if let Some(slot) = def.overrides {
            self.apply_overrides(def, &value_env, slot, &mut attrs)?;
        }
        for d in &def.dynamics {
            let name = self.eval(&d.name, &value_env)?;
            let name = match name {
                Value::Null => continue,
                Value::String(s) => Symbol::new(s.as_str()),
                other => {
                    return crate::builtins::type_error("a string", &other, d.pos);
                }
            };
            if let Some(first) = attrs.get_attr(name) {
                // Where it was first defined, as CppNix says.
                let at = match self.sources.describe(first.pos) {
                    Some((file, line, column)) => format!(" at {file}:{line}:{column}"),
                    None => String::new(),
                };
                return err(
                    format!("dynamic attribute '{name}' already defined{at}"),
                    d.pos,
                );
            }
            attrs.insert(Attr {
                name,
                value: self.delay(&d.value, &value_env),
                pos: d.pos,
            });
        }
        Ok(Value::attrs(attrs))
    }

    /// A `rec` set's `__overrides` (an old Nix feature nixpkgs once used): its attributes
    /// replace or join the set's own, and the set's bindings see the replacements. Dynamic
    /// attributes come after, as in CppNix.
    fn apply_overrides(
        &mut self,
        def: &AttrsDef,
        frame: &Env,
        slot: usize,
        attrs: &mut Attrs,
    ) -> EvalResult<()> {
        let overrides = frame.slots.borrow()[slot].clone();
        let pos = def.statics[slot].pos;
        let overrides = self.force_attrs(&overrides, pos).map_err(|e| {
            m_trace(e, pos, || {
                "while evaluating the `__overrides` attribute".to_string()
            })
        })?;
        for o in overrides.iter() {
            if let Some(i) = def.statics.iter().position(|s| s.name == o.name) {
                frame.slots.borrow_mut()[i] = o.value.clone();
            }
            attrs.insert(o.clone());
        }
        Ok(())
    }

    // --- calls ---

    /// Runs one level of nested evaluation (a function call, or a level of a value that
    /// `toJSON` walks), counted against Nix's `max-call-depth`.
    pub fn nested<T>(
        &mut self,
        pos: Pos,
        f: impl FnOnce(&mut Self) -> EvalResult<T>,
    ) -> EvalResult<T> {
        if self.call_depth >= self.options.max_call_depth {
            return Err(EvalError::new(
                ErrorKind::StackOverflow,
                "stack overflow; max-call-depth exceeded",
                pos,
            ));
        }
        self.call_depth += 1;
        let r = self.guarded(f);
        self.call_depth -= 1;
        r
    }

    /// Counts a call; every [`crate::limits::CHECK_EVERY`] calls, ends the evaluation if
    /// it was interrupted or is past its limits.
    #[inline]
    fn count_call(&mut self, pos: Pos) -> EvalResult<()> {
        self.calls += 1;
        if self.calls < self.next_limit_check {
            return Ok(());
        }
        self.check_limits(0, pos)
    }

    #[cold]
    fn check_limits(&mut self, more_bytes: u64, pos: Pos) -> EvalResult<()> {
        self.next_limit_check = self.calls + crate::limits::CHECK_EVERY;
        if let Some(flag) = &self.options.interrupt
            && flag.load(Ordering::Relaxed)
        {
            return Err(interrupted(pos));
        }
        self.options.limits.check(self.calls, more_bytes, pos)
    }

    /// Ends the evaluation before allocating `bytes` at once if that would pass the memory
    /// ceiling (`genList` of a billion elements asks in one go).
    pub fn reserve(&mut self, bytes: u64, pos: Pos) -> EvalResult<()> {
        if self.options.limits.max_memory.is_some() && bytes >= 1 << 20 {
            self.check_limits(bytes, pos)
        } else {
            Ok(())
        }
    }

    /// Applies a function to one argument. Lambdas, by far the most common, take the short
    /// path; primops, `__functor` sets and errors are handled out of line.
    pub fn call(&mut self, f: Value, arg: Value, pos: Pos) -> EvalResult<Value> {
        self.count_call(pos)?;
        match f {
            Value::Lambda(closure) => {
                let r = self.nested(pos, |m| m.call_lambda(&closure, arg, pos));
                if r.is_err() && self.options.show_trace {
                    return r.map_err(|e| trace_call(e, &closure, pos));
                }
                r
            }
            f => self.call_other(f, arg, pos),
        }
    }

    /// `f a b`. For a curried lambda `x: y: …` (the shape of nearly every function given to
    /// `foldl'`), both frames are made at once, skipping the closure `y: …` that would only
    /// be applied at once.
    pub fn call2(&mut self, f: &Value, a: Value, b: Value, pos: Pos) -> EvalResult<Value> {
        self.count_call(pos)?;
        if let Value::Lambda(closure) = f
            && let Param::Ident(_) = closure.def.param
            && let Expr::Lambda(inner) = &*closure.def.body
            && let Param::Ident(_) = inner.param
        {
            let r = self.nested(pos, |m| {
                let outer = EnvFrame::new(smallvec![a], Some(closure.env.clone()));
                let frame = EnvFrame::new(smallvec![b], Some(outer));
                m.eval(&inner.body, &frame)
            });
            if r.is_err() && self.options.show_trace {
                return r.map_err(|e| trace_call(e, closure, pos));
            }
            return r;
        }
        let partial = self.call(f.clone(), a, pos)?;
        self.call(partial, b, pos)
    }

    #[inline(never)]
    fn call_other(&mut self, f: Value, arg: Value, pos: Pos) -> EvalResult<Value> {
        match f {
            Value::Lambda(_) => self.call(f, arg, pos),
            Value::PrimOp(op) => {
                if op.arity == 1 {
                    (op.func)(self, &[arg], pos)
                } else {
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op,
                        args: vec![arg],
                    })))
                }
            }
            Value::PrimOpApp(app) => {
                let mut args = app.args.clone();
                args.push(arg);
                if args.len() == app.op.arity {
                    let op = app.op.clone();
                    self.guarded(|m| (op.func)(m, &args, pos))
                } else {
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op: app.op.clone(),
                        args,
                    })))
                }
            }
            Value::Attrs(ref attrs) if attrs.contains(self.known.functor) => {
                let functor = attrs
                    .get(self.known.functor)
                    .cloned()
                    .unwrap_or(Value::Null);
                let functor = self.force(&functor)?;
                let partial = self.call(functor, f.clone(), pos)?;
                self.call(partial, arg, pos)
            }
            Value::Thunk(t) => {
                let f = self.force_thunk(&t)?;
                self.call(f, arg, pos)
            }
            other => err(
                format!(
                    "attempt to call something which is not a function but {}: {}",
                    other.type_desc(),
                    crate::print::show_value_short(&other)
                ),
                pos,
            ),
        }
    }

    #[inline]
    fn call_lambda(&mut self, closure: &Closure, arg: Value, pos: Pos) -> EvalResult<Value> {
        match &closure.def.param {
            Param::Ident(_) => {
                let frame = EnvFrame::new(smallvec![arg], Some(closure.env.clone()));
                self.eval(&closure.def.body, &frame)
            }
            Param::Pattern {
                formals,
                ellipsis,
                bind,
            } => self.call_pattern_lambda(closure, formals, *ellipsis, bind.is_some(), arg, pos),
        }
    }

    /// Calls a `{ a, b ? …, … }: …` lambda: the argument set's attributes fill the frame.
    #[inline(never)]
    fn call_pattern_lambda(
        &mut self,
        closure: &Closure,
        formals: &[Formal],
        ellipsis: bool,
        bound: bool,
        arg: Value,
        pos: Pos,
    ) -> EvalResult<Value> {
        let def = &closure.def;
        let arg_value = self.force(&arg)?;
        let Value::Attrs(attrs) = &arg_value else {
            return crate::builtins::type_error("a set", &arg_value, pos);
        };
        let frame = EnvFrame::new(Slots::new(), Some(closure.env.clone()));
        let mut values = Slots::with_capacity(def.frame_size as usize);
        let mut used = 0;
        for f in formals {
            match attrs.get(f.name) {
                Some(v) => {
                    used += 1;
                    values.push(v.clone());
                }
                None => match &f.default {
                    Some(d) => {
                        let v = self.delay_in_new_frame(d, &frame, &values);
                        values.push(v);
                    }
                    None => {
                        return err(
                            format!(
                                "function '{}' called without required argument '{}'",
                                lambda_name(def),
                                f.name
                            ),
                            def.pos,
                        );
                    }
                },
            }
        }
        if !ellipsis && used < attrs.len() {
            for a in attrs.sorted_by_name() {
                if !formals.iter().any(|f| f.name == a.name) {
                    return err(
                        format!(
                            "function '{}' called with unexpected argument '{}'",
                            lambda_name(def),
                            a.name
                        ),
                        def.pos,
                    );
                }
            }
        }
        values.push(if bound {
            arg_value.clone()
        } else {
            Value::Null
        });
        *frame.slots.borrow_mut() = values;
        self.eval(&def.body, &frame)
    }

    /// Calls `f` with several arguments in turn.
    pub fn call_n(&mut self, f: &Value, args: &[Value], pos: Pos) -> EvalResult<Value> {
        let mut v = f.clone();
        for a in args {
            v = self.call(v, a.clone(), pos)?;
        }
        Ok(v)
    }

    // --- operators ---

    fn eval_binary(
        &mut self,
        op: BinOp,
        lhs: &ExprRef,
        rhs: &ExprRef,
        pos: Pos,
        env: &Env,
    ) -> EvalResult<Value> {
        match op {
            BinOp::And => {
                if !self.eval_bool(lhs, env, pos)? {
                    return Ok(Value::Bool(false));
                }
                Ok(Value::Bool(self.eval_bool(rhs, env, pos)?))
            }
            BinOp::Or => {
                if self.eval_bool(lhs, env, pos)? {
                    return Ok(Value::Bool(true));
                }
                Ok(Value::Bool(self.eval_bool(rhs, env, pos)?))
            }
            BinOp::Impl => {
                if !self.eval_bool(lhs, env, pos)? {
                    return Ok(Value::Bool(true));
                }
                Ok(Value::Bool(self.eval_bool(rhs, env, pos)?))
            }
            BinOp::PipeRight => {
                let arg = self.delay(lhs, env);
                let f = self.eval(rhs, env)?;
                self.call(f, arg, pos)
            }
            BinOp::PipeLeft => {
                let arg = self.delay(rhs, env);
                let f = self.eval(lhs, env)?;
                self.call(f, arg, pos)
            }
            _ => {
                let a = self.eval(lhs, env)?;
                let b = self.eval(rhs, env)?;
                self.binary_values(op, a, b, pos)
            }
        }
    }

    fn eval_bool(&mut self, e: &ExprRef, env: &Env, pos: Pos) -> EvalResult<bool> {
        match self.eval(e, env)? {
            Value::Bool(b) => Ok(b),
            other => crate::builtins::type_error("a Boolean", &other, pos),
        }
    }

    /// A binary operator on two evaluated operands.
    pub fn binary_values(&mut self, op: BinOp, a: Value, b: Value, pos: Pos) -> EvalResult<Value> {
        use crate::arith::{ArithOp, arith};
        // Integers are the hot case (counters, indices, recursion depths): answer them
        // without the general dispatch below.
        if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
            let (x, y) = (*x, *y);
            let fast = match op {
                BinOp::Add => x.checked_add(y).map(Value::Int),
                BinOp::Sub => x.checked_sub(y).map(Value::Int),
                BinOp::Less => Some(Value::Bool(x < y)),
                BinOp::LessEq => Some(Value::Bool(x <= y)),
                BinOp::Greater => Some(Value::Bool(x > y)),
                BinOp::GreaterEq => Some(Value::Bool(x >= y)),
                BinOp::Eq => Some(Value::Bool(x == y)),
                BinOp::NotEq => Some(Value::Bool(x != y)),
                _ => None,
            };
            if let Some(v) = fast {
                return Ok(v);
            }
        }
        match op {
            BinOp::Add => self.add(a, b, pos),
            BinOp::Sub => arith(ArithOp::Sub, &a, &b, pos),
            BinOp::Mul => arith(ArithOp::Mul, &a, &b, pos),
            BinOp::Div => arith(ArithOp::Div, &a, &b, pos),
            BinOp::Eq => Ok(Value::Bool(self.equal(&a, &b, pos)?)),
            BinOp::NotEq => Ok(Value::Bool(!self.equal(&a, &b, pos)?)),
            BinOp::Less => Ok(Value::Bool(self.less_than(&a, &b, pos)?)),
            BinOp::LessEq => Ok(Value::Bool(!self.less_than(&b, &a, pos)?)),
            BinOp::Greater => Ok(Value::Bool(self.less_than(&b, &a, pos)?)),
            BinOp::GreaterEq => Ok(Value::Bool(!self.less_than(&a, &b, pos)?)),
            BinOp::Update => match (&a, &b) {
                (Value::Attrs(x), Value::Attrs(y)) => {
                    if y.is_empty() {
                        Ok(a.clone())
                    } else if x.is_empty() {
                        Ok(b.clone())
                    } else {
                        Ok(Value::attrs(x.update(y)))
                    }
                }
                (Value::Attrs(_), other) | (other, _) => {
                    crate::builtins::type_error("a set", other, pos)
                }
            },
            BinOp::Concat => match (&a, &b) {
                (Value::List(x), Value::List(y)) => {
                    if y.is_empty() {
                        return Ok(a.clone());
                    }
                    if x.is_empty() {
                        return Ok(b.clone());
                    }
                    let mut v = Vec::with_capacity(x.len() + y.len());
                    v.extend_from_slice(x);
                    v.extend_from_slice(y);
                    Ok(Value::list(v))
                }
                (Value::List(_), other) | (other, _) => {
                    crate::builtins::type_error("a list", other, pos)
                }
            },
            BinOp::And | BinOp::Or | BinOp::Impl | BinOp::PipeLeft | BinOp::PipeRight => {
                unreachable!("short-circuit operators are evaluated in eval_binary")
            }
        }
    }

    fn add(&mut self, a: Value, b: Value, pos: Pos) -> EvalResult<Value> {
        use crate::arith::{ArithOp, arith};
        match (&a, &b) {
            // CppNix sums floats from 0.0 (ExprConcatStrings: `nf = 0; nf += …`), so
            // -0.0 + -0.0 is 0, where IEEE (and `builtins.add`) gives -0.
            (Value::Float(x), Value::Float(y)) if *x == 0.0 && *y == 0.0 => {
                Ok(Value::Float((0.0 + x) + y))
            }
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                arith(ArithOp::Add, &a, &b, pos)
            }
            // As in Nix, only a sum that starts with a string copies paths to the store.
            (Value::Path(p), _) => {
                let s = self.coerce_to_string(&b, pos, crate::coerce::CoerceMode::path_part())?;
                if s.has_context() {
                    return err(
                        "a string that refers to a store path cannot be appended to a path",
                        pos,
                    );
                }
                let joined = format!("{p}{}", s.as_str());
                Ok(Value::Path(crate::paths::canonicalize(&joined).into()))
            }
            (Value::String(_), _) => {
                let x =
                    self.coerce_to_string(&a, pos, crate::coerce::CoerceMode::interpolation())?;
                let y =
                    self.coerce_to_string(&b, pos, crate::coerce::CoerceMode::interpolation())?;
                Ok(Value::String(crate::coerce::concat(&[x, y])))
            }
            (Value::Attrs(_), Value::String(_) | Value::Path(_)) => {
                let x = self.coerce_to_string(&a, pos, crate::coerce::CoerceMode::path_part())?;
                let y = self.coerce_to_string(&b, pos, crate::coerce::CoerceMode::path_part())?;
                Ok(Value::String(crate::coerce::concat(&[x, y])))
            }
            _ => err(
                format!("cannot add {} to {}", b.type_desc(), a.type_desc()),
                pos,
            ),
        }
    }

    #[inline(never)]
    fn eval_interpolation(
        &mut self,
        parts: &[ExprRef],
        is_path: bool,
        pos: Pos,
        env: &Env,
    ) -> EvalResult<Value> {
        let mut strings = Vec::with_capacity(parts.len());
        let mut first_path = None;
        for (i, part) in parts.iter().enumerate() {
            let v = self.eval(part, env)?;
            if i == 0 && is_path {
                match &v {
                    Value::Path(p) => {
                        first_path = Some(p.to_string());
                        continue;
                    }
                    Value::String(s) => {
                        first_path = Some(s.as_str().to_string());
                        continue;
                    }
                    _ => {}
                }
            }
            let mode = if is_path {
                crate::coerce::CoerceMode::path_part()
            } else {
                crate::coerce::CoerceMode::interpolation()
            };
            let s = self.coerce_to_string(&v, pos, mode)?;
            strings.push(s);
        }
        if is_path {
            let mut p = first_path.unwrap_or_default();
            for s in &strings {
                if s.has_context() {
                    return err(
                        "a string that refers to a store path cannot be appended to a path",
                        pos,
                    );
                }
                p.push_str(s.as_str());
            }
            return Ok(Value::Path(crate::paths::canonicalize(&p).into()));
        }
        Ok(Value::String(crate::coerce::concat(&strings)))
    }
}

#[cold]
fn infinite_recursion() -> Box<EvalError> {
    EvalError::new(
        ErrorKind::InfiniteRecursion,
        "infinite recursion encountered",
        Pos::NONE,
    )
}

#[cold]
fn thunk_failed(t: &Thunk, state: ThunkState, e: Box<EvalError>) -> Box<EvalError> {
    t.set(if e.is_cached() {
        ThunkState::Failed(e.clone())
    } else {
        state
    });
    e
}

#[cold]
fn interrupted(pos: Pos) -> Box<EvalError> {
    EvalError::new(ErrorKind::Interrupted, "evaluation interrupted", pos)
}

#[cold]
fn trace_call(e: Box<EvalError>, closure: &Closure, pos: Pos) -> Box<EvalError> {
    let name = closure
        .def
        .name
        .map_or("anonymous lambda".to_string(), |n| format!("'{n}'"));
    m_trace(e, pos, || format!("while calling {name}"))
}

#[cold]
fn not_a_bool(v: &Value, pos: Pos) -> Box<EvalError> {
    crate::builtins::type_mismatch("a Boolean", v, pos)
}

/// `~/…`, resolved against `$HOME` when evaluated, as Nix does.
#[cold]
fn home_path(rest: &str, pos: Pos) -> EvalResult<Value> {
    let home = std::env::var("HOME").unwrap_or_default();
    if home.is_empty() {
        return err("cannot resolve '~': $HOME is not set", pos);
    }
    let mut path = crate::paths::canonicalize(&format!("{home}/{rest}"));
    // `~/${x}` starts with the home directory and a slash, as `./${x}` does.
    if rest.ends_with('/') && path != "/" {
        path.push('/');
    }
    Ok(Value::Path(path.into()))
}

/// Adds a frame to an error's trace, and gives it a position if it has none.
pub(crate) fn m_trace(
    mut e: Box<EvalError>,
    pos: Pos,
    message: impl FnOnce() -> String,
) -> Box<EvalError> {
    if e.pos.is_none() {
        e.pos = pos;
    } else if e.trace.len() < 64 {
        e.trace.push(TraceFrame {
            pos,
            message: message(),
        });
    }
    e
}

pub(crate) fn lambda_name(def: &LambdaDef) -> String {
    def.name
        .map_or_else(|| "anonymous lambda".to_string(), |n| n.to_string())
}

fn missing_attr_message(name: Symbol, attrs: &Attrs) -> String {
    let name_str = name.name();
    let mut suggestions: Vec<Rc<str>> = attrs
        .iter()
        .map(|a| a.name.name())
        .filter(|n| crate::suggest::is_close(&name_str, n))
        .collect();
    suggestions.sort();
    let mut msg = format!("attribute '{name}' missing");
    if !suggestions.is_empty() {
        let list: Vec<String> = suggestions.iter().map(|s| s.to_string()).collect();
        msg.push_str(&format!(
            "\nDid you mean one of {}?",
            crate::suggest::join_or(&list)
        ));
    }
    msg
}

impl Machine {
    /// Compiles source and returns its value unevaluated (`--arg NAME EXPR`).
    pub fn eval_lazy_source(
        &mut self,
        origin: Origin,
        text: &str,
        base_dir: &Path,
    ) -> EvalResult<Value> {
        let (expr, _) = self.compile_source(origin, text.into(), base_dir, None)?;
        let env = self.base_env.clone();
        Ok(self.delay(&expr, &env))
    }

    /// nix-instantiate's automatic call: a function taking a set of named arguments is
    /// called with `args` (those it names, unless it takes `...`); anything else is returned.
    pub fn auto_call(&mut self, v: Value, args: &Attrs) -> EvalResult<Value> {
        let v = self.force(&v)?;
        match &v {
            Value::Lambda(c) => {
                let Param::Pattern {
                    formals, ellipsis, ..
                } = &c.def.param
                else {
                    return Ok(v);
                };
                let mut entries = Vec::new();
                for a in args.iter() {
                    if *ellipsis || formals.iter().any(|f| f.name == a.name) {
                        entries.push(a.clone());
                    }
                }
                // CppNix's `autoCallFunction` names the argument nobody gave, at its formal
                // (with `...` it passes every argument and lets the call fail).
                let missing = formals
                    .iter()
                    .find(|f| f.default.is_none() && args.get(f.name).is_none());
                if let Some(missing) = missing.filter(|_| !*ellipsis) {
                    return err(
                        format!(
                            "cannot evaluate a function that has an argument without a value \
                             ('{}')\n\nNix attempted to evaluate a function as a top level \
                             expression; in this case it must have its arguments supplied \
                             either by default values, or passed explicitly with '--arg' or \
                             '--argstr'.",
                            missing.name
                        ),
                        missing.pos,
                    );
                }
                let arg = Value::attrs(Attrs::from_unsorted(entries));
                self.call(v.clone(), arg, Pos::NONE)
            }
            Value::Attrs(a) if a.contains(self.known.functor) => {
                let functor = a.get(self.known.functor).cloned().unwrap_or(Value::Null);
                let functor = self.force(&functor)?;
                let inner = self.call(functor, v.clone(), Pos::NONE)?;
                self.auto_call(inner, args)
            }
            _ => Ok(v),
        }
    }

    /// One component of an `-A` attribute path: an attribute name, or a list index.
    pub fn select_path_component(&mut self, v: &Value, part: &str) -> EvalResult<Value> {
        let v = self.force(v)?;
        match &v {
            Value::Attrs(a) => match a.get(Symbol::new(part)) {
                Some(x) => self.force(&x.clone()),
                None => err(
                    format!("attribute '{part}' in selection path not found"),
                    Pos::NONE,
                ),
            },
            Value::List(l) => match part.parse::<usize>() {
                Ok(i) if i < l.len() => self.force(&l[i].clone()),
                _ => err(
                    format!("list index '{part}' in selection path is out of range"),
                    Pos::NONE,
                ),
            },
            other => err(
                format!(
                    "the expression selected by the selection path '{part}' should be a set but is {}",
                    other.type_desc()
                ),
                Pos::NONE,
            ),
        }
    }
}
