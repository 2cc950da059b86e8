//! Derivations against Nix 2.8. A seeded generator makes a chain of derivations (single
//! and multiple outputs, dependencies on earlier ones and on their chosen outputs, sources
//! from `builtins.toFile`, fixed-output flat and recursive with every hash form, structured
//! attributes, content-addressed ones, values needing escapes). Nix instantiates them into a
//! temporary store; a small model of `derivationStrict` builds the same derivations with
//! this crate, which must produce the same `.drv` bytes, `.drv` paths and output paths, and
//! parse Nix's files back to the same bytes.

mod common;

use common::{Rng, have_nix, nix_env, nix_string, path_str, temp_dir};
use std::collections::{BTreeMap, BTreeSet};
use store::derivation::{ModuloHasher, OutputHashes};
use store::hash::{Encoding, Hash, HashAlgo};
use store::{Derivation, DerivationOutput, FileIngestionMethod, StoreDir, StorePath};

/// A generated attribute value.
#[derive(Clone, Debug)]
enum V {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    List(Vec<V>),
    /// Derivation `i`, or its output `o`.
    Dep(usize, Option<String>),
    /// The `builtins.toFile` source `j`.
    Src(usize),
    /// An interpolated string of strings, dependencies and sources.
    Concat(Vec<V>),
    /// An attribute set (only under structured attributes, where it becomes a JSON object).
    Attrs(Vec<(String, V)>),
}

struct Spec {
    name: String,
    attrs: Vec<(String, V)>,
    args: Vec<V>,
    structured: bool,
    /// Floating content-addressed (`__contentAddressed = true`).
    content_addressed: bool,
}

/// What the model knows of a derivation once built.
struct Built {
    drv: Derivation,
    path: StorePath,
    hashes: OutputHashes,
    output_order: Vec<String>,
}

const TEXT: &[&str] = &[
    "a", "Z", " ", "\n", "\t", "\r", "\"", "\\", "$", "{", "}", "'", "é", "✓", "😀", "0", "=", "(",
];
const SYSTEM: &[&str] = &[
    "x86_64-linux",
    "aarch64-darwin",
    "weird\tsys",
    "sys\nnl",
    "ü-sys",
    "x",
    "(",
];
const KEYS: &[&str] = &[
    "FOO",
    "bar_1",
    "with space",
    "ümlaut",
    "a-b",
    "x.y",
    "_",
    "é",
    "Ключ",
    "PATH",
    "src",
    "buildInputs",
    "NIX_X",
    "z",
];
const OUTPUTS: &[&str] = &["out", "dev", "lib", "bin", "doc", "man", "static", "debug"];

fn value(rng: &mut Rng, built: &[Built], files: usize, structured: bool, depth: usize) -> V {
    let text = |rng: &mut Rng| {
        let len = rng.below(12);
        V::Str(rng.string(TEXT, len))
    };
    let dep = |rng: &mut Rng| {
        let i = rng.below(built.len());
        let outputs = &built[i].output_order;
        let output = if rng.chance(50) {
            Some(rng.pick(outputs).clone())
        } else {
            None
        };
        V::Dep(i, output)
    };
    match rng.below(12) {
        0..=2 => text(rng),
        3 => V::Int(rng.below(100_000) as i64),
        4 => V::Bool(rng.chance(50)),
        5 => V::Null,
        6 if depth > 0 => V::List(
            (0..rng.below(4))
                .map(|_| value(rng, built, files, structured, depth - 1))
                .collect(),
        ),
        7 | 8 if !built.is_empty() => dep(rng),
        9 if files > 0 => V::Src(rng.below(files)),
        10 if !built.is_empty() || files > 0 => {
            let mut parts = vec![];
            for _ in 0..1 + rng.below(3) {
                parts.push(text(rng));
                if !built.is_empty() && rng.chance(60) {
                    parts.push(dep(rng));
                } else if files > 0 {
                    parts.push(V::Src(rng.below(files)));
                }
            }
            V::Concat(parts)
        }
        11 if structured && depth > 0 => V::Attrs(
            (0..rng.below(4))
                .map(|k| {
                    (
                        format!("{}{k}", rng.pick(KEYS)),
                        value(rng, built, files, structured, depth - 1),
                    )
                })
                .collect(),
        ),
        _ => text(rng),
    }
}

/// The Nix expression for a value.
fn render(v: &V) -> String {
    match v {
        V::Str(s) => nix_string(s),
        V::Int(n) => n.to_string(),
        V::Bool(b) => b.to_string(),
        V::Null => "null".into(),
        V::List(items) => format!(
            "[ {} ]",
            items
                .iter()
                .map(|i| format!("({})", render(i)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        V::Dep(i, None) => format!("d{i}"),
        V::Dep(i, Some(o)) => format!("d{i}.{o}"),
        V::Src(j) => format!("f{j}"),
        V::Concat(parts) => {
            let mut s = String::from("\"");
            for part in parts {
                match part {
                    V::Str(text) => s.push_str(&nix_string(text)[1..nix_string(text).len() - 1]),
                    other => s.push_str(&format!("${{{}}}", render(other))),
                }
            }
            s.push('"');
            s
        }
        V::Attrs(attrs) => format!(
            "{{ {} }}",
            attrs
                .iter()
                .map(|(k, v)| format!("{} = {};", nix_string(k), render(v)))
                .collect::<String>()
        ),
    }
}

/// The string context a value contributes: input sources and input derivation outputs.
#[derive(Default)]
struct Context {
    srcs: BTreeSet<StorePath>,
    drvs: BTreeMap<StorePath, BTreeSet<String>>,
}

struct Model<'a> {
    dir: &'a StoreDir,
    built: &'a [Built],
    files: &'a [StorePath],
}

impl Model<'_> {
    fn dep(&self, i: usize, output: &Option<String>, ctx: &mut Context) -> String {
        let b = &self.built[i];
        let output = output.clone().unwrap_or_else(|| b.output_order[0].clone());
        ctx.drvs
            .entry(b.path.clone())
            .or_default()
            .insert(output.clone());
        self.dir
            .print(b.drv.outputs[&output].path.as_ref().expect("output path"))
    }

    /// `coerceToString(…, coerceMore = true)`.
    fn coerce(&self, v: &V, ctx: &mut Context) -> String {
        match v {
            V::Str(s) => s.clone(),
            V::Int(n) => n.to_string(),
            V::Bool(true) => "1".into(),
            V::Bool(false) | V::Null => String::new(),
            // Space-separated, except that CppNix adds no space after an empty list.
            V::List(items) => {
                let mut s = String::new();
                for (n, item) in items.iter().enumerate() {
                    s.push_str(&self.coerce(item, ctx));
                    if n + 1 < items.len() && !matches!(item, V::List(l) if l.is_empty()) {
                        s.push(' ');
                    }
                }
                s
            }
            V::Dep(i, o) => self.dep(*i, o, ctx),
            V::Src(j) => {
                ctx.srcs.insert(self.files[*j].clone());
                self.dir.print(&self.files[*j])
            }
            V::Concat(parts) => parts.iter().map(|p| self.coerce(p, ctx)).collect(),
            V::Attrs(_) => unreachable!("attribute sets only appear under structured attributes"),
        }
    }

    fn json(&self, v: &V, ctx: &mut Context) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            V::Int(n) => J::from(*n),
            V::Bool(b) => J::Bool(*b),
            V::Null => J::Null,
            V::List(items) => J::Array(items.iter().map(|i| self.json(i, ctx)).collect()),
            V::Attrs(attrs) => J::Object(
                attrs
                    .iter()
                    .map(|(k, v)| (k.clone(), self.json(v, ctx)))
                    .collect(),
            ),
            other => J::String(self.coerce(other, ctx)),
        }
    }

    /// A model of CppNix 2.8's `derivationStrict`.
    fn derivation(&self, spec: &Spec) -> (Derivation, Vec<String>) {
        let mut drv = Derivation {
            name: spec.name.clone(),
            ..Derivation::default()
        };
        let mut ctx = Context::default();
        let mut outputs = vec!["out".to_string()];
        let (mut output_hash, mut output_hash_algo, mut recursive) = (None, None, false);
        let mut json = serde_json::Map::new();
        let mut attrs = spec.attrs.clone();
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, v) in &attrs {
            let s = if spec.structured {
                json.insert(key.clone(), self.json(v, &mut ctx));
                // Only the special attributes are read as strings (or a list of them).
                const SPECIAL: &[&str] = &[
                    "builder",
                    "system",
                    "outputHash",
                    "outputHashAlgo",
                    "outputHashMode",
                    "outputs",
                ];
                if SPECIAL.contains(&key.as_str()) {
                    self.coerce(v, &mut ctx)
                } else {
                    String::new()
                }
            } else {
                let s = self.coerce(v, &mut ctx);
                drv.env.entry(key.clone()).or_insert_with(|| s.clone());
                s
            };
            match key.as_str() {
                "builder" => drv.builder = s,
                "system" => drv.system = s,
                "outputHash" => output_hash = Some(s),
                "outputHashAlgo" => output_hash_algo = Some(s),
                "outputHashMode" => recursive = s == "recursive",
                "outputs" => outputs = s.split(' ').map(String::from).collect(),
                _ => {}
            }
        }
        if spec.structured {
            drv.env
                .insert("__json".into(), serde_json::to_string(&json).unwrap());
        }
        drv.args = spec.args.iter().map(|a| self.coerce(a, &mut ctx)).collect();
        drv.input_srcs = ctx.srcs;
        drv.input_drvs = ctx.drvs;
        let method = if recursive {
            FileIngestionMethod::Recursive
        } else {
            FileIngestionMethod::Flat
        };
        if let Some(text) = output_hash {
            let algo = output_hash_algo.map(|a| a.parse::<HashAlgo>().unwrap());
            let hash = Hash::parse_any(&text, algo).unwrap();
            drv.outputs
                .insert("out".into(), DerivationOutput::fixed(method, &hash));
        } else if spec.content_addressed {
            for o in &outputs {
                drv.outputs.insert(
                    o.clone(),
                    DerivationOutput::floating(FileIngestionMethod::Recursive, HashAlgo::Sha256),
                );
            }
        } else {
            for o in &outputs {
                drv.outputs
                    .insert(o.clone(), DerivationOutput::input_addressed(None));
            }
        }
        let by_path: BTreeMap<&StorePath, &OutputHashes> =
            self.built.iter().map(|b| (&b.path, &b.hashes)).collect();
        drv.fill_output_paths(self.dir, &mut |p| Ok(by_path[p].clone()))
            .unwrap();
        (drv, outputs)
    }
}

fn generate(rng: &mut Rng, index: usize, built: &[Built], files: usize) -> Spec {
    let kind = index % 10;
    let structured = kind == 8 || index.is_multiple_of(20);
    let content_addressed = kind == 9 && index % 20 == 9;
    let name = format!("{}-{index}", rng.store_name());
    let mut attrs: Vec<(String, V)> = vec![
        ("name".into(), V::Str(name.clone())),
        ("system".into(), V::Str(rng.pick(SYSTEM).to_string())),
    ];
    let builder = if rng.chance(30) && !built.is_empty() {
        V::Concat(vec![
            V::Dep(rng.below(built.len()), None),
            V::Str("/bin/sh".into()),
        ])
    } else {
        let len = 1 + rng.below(5);
        V::Str(format!("/bin/{}", rng.string(TEXT, len)))
    };
    attrs.push(("builder".into(), builder));
    match kind {
        6 | 7 => {
            // Fixed output: flat (6) or recursive (7), any algorithm, any textual form.
            let algo = *rng.pick(&HashAlgo::ALL);
            let hash = Hash::digest(algo, rng.bytes(4));
            let (text, give_algo) = match rng.below(6) {
                0 => (hash.to_base16(), true),
                1 => (hash.to_nix32(), true),
                2 => (hash.to_base64(), true),
                3 => (hash.to_sri(), rng.chance(50)),
                4 => (hash.encode(Encoding::Nix32, true), false),
                _ => (hash.encode(Encoding::Base16, true), true),
            };
            attrs.push(("outputHash".into(), V::Str(text)));
            if give_algo {
                attrs.push(("outputHashAlgo".into(), V::Str(algo.name().into())));
            }
            if kind == 7 {
                attrs.push(("outputHashMode".into(), V::Str("recursive".into())));
            } else if rng.chance(50) {
                attrs.push(("outputHashMode".into(), V::Str("flat".into())));
            }
        }
        _ => {
            if rng.chance(60) {
                let mut outs: Vec<String> = OUTPUTS
                    .iter()
                    .filter(|_| rng.chance(40))
                    .map(|s| s.to_string())
                    .collect();
                if outs.is_empty() {
                    outs.push("out".into());
                }
                // Not always sorted, and not always starting with "out": the first is the default.
                if rng.chance(50) {
                    outs.reverse();
                }
                attrs.push((
                    "outputs".into(),
                    V::List(outs.into_iter().map(V::Str).collect()),
                ));
            }
        }
    }
    let used: BTreeSet<&str> = attrs.iter().map(|(k, _)| k.as_str()).collect();
    let keys: Vec<&str> = KEYS
        .iter()
        .filter(|k| !used.contains(*k))
        .copied()
        .collect();
    for key in keys {
        if rng.chance(35) {
            let v = value(rng, built, files, structured, 2);
            attrs.push((key.to_string(), v));
        }
    }
    let args = (0..rng.below(4))
        .map(|_| match value(rng, built, files, false, 0) {
            V::List(_) | V::Attrs(_) => V::Str("-c".into()),
            v => v,
        })
        .collect();
    Spec {
        name,
        attrs,
        args,
        structured,
        content_addressed,
    }
}

fn render_spec(spec: &Spec) -> String {
    let mut s = String::from("derivation { ");
    for (k, v) in &spec.attrs {
        s.push_str(&format!("{} = {}; ", nix_string(k), render(v)));
    }
    s.push_str(&format!("args = {}; ", render(&V::List(spec.args.clone()))));
    if spec.structured {
        s.push_str("__structuredAttrs = true; ");
    }
    if spec.content_addressed {
        s.push_str("__contentAddressed = true; ");
    }
    s.push('}');
    s
}

#[test]
fn generated_derivations_match_nix() {
    if !have_nix("generated_derivations_match_nix") {
        return;
    }
    let store_root = temp_dir();
    let dir = StoreDir::default();
    let mut rng = Rng::new(2024);

    // Sources: text files with escapes, some referring to each other.
    let mut files: Vec<StorePath> = Vec::new();
    let mut bindings = Vec::new();
    for j in 0..6 {
        let name = rng.store_name();
        let len = rng.below(30);
        let text = rng.string(TEXT, len);
        let path = dir
            .make_text_path(
                &name,
                &Hash::digest(HashAlgo::Sha256, &text),
                &BTreeSet::new(),
            )
            .unwrap();
        bindings.push(format!(
            "f{j} = builtins.toFile {} {};",
            nix_string(&name),
            nix_string(&text)
        ));
        files.push(path);
    }

    let mut built: Vec<Built> = Vec::new();
    let mut specs: Vec<Spec> = Vec::new();
    let count = 90;
    for i in 0..count {
        // Content-addressed outputs defer their dependents' paths, which this model does
        // not follow: nothing depends on them.
        let usable: Vec<usize> = (0..built.len())
            .filter(|&k| !specs[k].content_addressed)
            .collect();
        let spec = loop {
            let spec = generate(&mut rng, i, &built, files.len());
            if !mentions_any(&spec, &built, &usable) {
                break spec;
            }
        };
        let model = Model {
            dir: &dir,
            built: &built,
            files: &files,
        };
        let (drv, order) = model.derivation(&spec);
        let path = drv.drv_path(&dir).unwrap();
        let hashes = drv
            .hash_modulo(&dir, false, &mut |p| {
                Ok(built.iter().find(|b| &b.path == p).unwrap().hashes.clone())
            })
            .unwrap();
        bindings.push(format!("d{i} = {};", render_spec(&spec)));
        built.push(Built {
            drv,
            path,
            hashes,
            output_order: order,
        });
        specs.push(spec);
    }
    let results: Vec<String> = (0..count)
        .map(|i| {
            let outs = if specs[i].content_addressed {
                String::new()
            } else {
                built[i]
                    .output_order
                    .iter()
                    .map(|o| format!("d{i}.{o}.outPath "))
                    .collect()
            };
            format!("{{ drv = d{i}.drvPath; outs = [ {outs}]; }}")
        })
        .collect();
    let expr = format!(
        "let\n{}\nin [\n{}\n]",
        bindings.join("\n"),
        results.join("\n")
    );
    let out = nix_env(
        "nix-instantiate",
        &[
            "--read-write-mode",
            "--eval",
            "--strict",
            "--json",
            "--extra-experimental-features",
            "ca-derivations",
            "-E",
            &expr,
        ],
        &[("NIX_REMOTE", path_str(store_root.path()))],
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();

    let physical = store_root.path().join("nix/store");
    let mut loader = ModuloHasher::new(dir.clone(), |p: &StorePath| {
        let text = std::fs::read_to_string(physical.join(p.base_name())).unwrap();
        Derivation::parse(&dir, p.name().strip_suffix(".drv").unwrap(), &text)
    });
    let mut kinds = BTreeMap::<&str, usize>::new();
    for (i, (b, result)) in built.iter().zip(&results).enumerate() {
        let context = format!("derivation {i}: {}", render_spec(&specs[i]));
        assert_eq!(
            result["drv"].as_str().unwrap(),
            dir.print(&b.path),
            "{context}"
        );
        let outs: Vec<String> = result["outs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if !specs[i].content_addressed {
            let ours: Vec<String> = b
                .output_order
                .iter()
                .map(|o| dir.print(b.drv.outputs[o].path.as_ref().unwrap()))
                .collect();
            assert_eq!(outs, ours, "{context}");
        }
        let text = std::fs::read_to_string(physical.join(b.path.base_name())).unwrap();
        assert_eq!(b.drv.to_aterm(&dir), text, "{context}");
        let parsed = Derivation::parse(&dir, &b.drv.name, &text).unwrap();
        assert_eq!(parsed, b.drv, "{context}");
        assert_eq!(parsed.to_aterm(&dir), text, "{context}");
        assert_eq!(loader.hashes(&b.path).unwrap(), b.hashes, "{context}");

        let kind = if specs[i].structured {
            "structured attributes"
        } else if specs[i].content_addressed {
            "content-addressed"
        } else if b.drv.is_fixed_output().unwrap() {
            if b.drv.outputs["out"].hash_algo.starts_with("r:") {
                "fixed-output recursive"
            } else {
                "fixed-output flat"
            }
        } else if b.drv.outputs.len() > 1 {
            "multiple outputs"
        } else {
            "single output"
        };
        *kinds.entry(kind).or_default() += 1;
        if !b.drv.input_drvs.is_empty() {
            *kinds.entry("with input derivations").or_default() += 1;
        }
        let fixed_input = |p: &StorePath| {
            built
                .iter()
                .any(|d| &d.path == p && d.drv.is_fixed_output().unwrap())
        };
        if b.drv.input_drvs.keys().any(fixed_input) {
            *kinds.entry("with fixed-output inputs").or_default() += 1;
        }
        if b.drv
            .env
            .values()
            .chain(&b.drv.args)
            .any(|v| v.contains(['"', '\\', '\n', '\r', '\t']))
        {
            *kinds.entry("with escapes").or_default() += 1;
        }
    }
    for (kind, at_least) in [
        ("single output", 5),
        ("multiple outputs", 5),
        ("fixed-output flat", 5),
        ("fixed-output recursive", 5),
        ("structured attributes", 5),
        ("content-addressed", 2),
        ("with input derivations", 30),
        ("with fixed-output inputs", 5),
        ("with escapes", 30),
    ] {
        assert!(
            kinds.get(kind).copied().unwrap_or(0) >= at_least,
            "too few {kind}: {kinds:?}"
        );
    }
    println!("checked against Nix: {count} derivations {kinds:?}");
}

/// Whether `spec` refers to a derivation outside `usable`.
fn mentions_any(spec: &Spec, built: &[Built], usable: &[usize]) -> bool {
    fn walk(v: &V, bad: &dyn Fn(usize) -> bool) -> bool {
        match v {
            V::Dep(i, _) => bad(*i),
            V::List(items) | V::Concat(items) => items.iter().any(|i| walk(i, bad)),
            V::Attrs(attrs) => attrs.iter().any(|(_, v)| walk(v, bad)),
            _ => false,
        }
    }
    let bad = |i: usize| i < built.len() && !usable.contains(&i);
    spec.attrs
        .iter()
        .map(|(_, v)| v)
        .chain(&spec.args)
        .any(|v| walk(v, &bad))
}
