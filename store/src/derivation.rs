//! Derivations: the `.drv` ATerm format, hashing modulo fixed-output derivations, and the
//! output and `.drv` paths of input-addressed and fixed-output derivations.
//!
//! Two derivations that build the same fixed-output path (say, the same tarball fetched
//! from two mirrors) must not give their dependents different paths. So the hash of a
//! derivation used for output paths is taken *modulo* fixed-output derivations: a
//! fixed-output derivation hashes as `fixed:out:<method><algo>:<hash>:<path>`, and any other
//! one hashes as its ATerm with each input `.drv` path replaced by that input's own modulo
//! hash (in base16).

use crate::aterm::{self, Parser};
use crate::base32;
use crate::hash::{Hash, HashAlgo, ParseHashError};
use crate::store_path::{
    FileIngestionMethod, StoreDir, StorePath, StorePathError, output_path_name,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One output as a `.drv` file records it: `(name, path, hashAlgo, hash)`.
///
/// - input-addressed: a path, no hash algorithm, no hash;
/// - fixed-output: the path, `[r:]algo`, the expected hash in base16;
/// - floating content-addressed: no path, `[r:|text:]algo`, no hash;
/// - deferred (while the path is being computed): all empty.
///
/// The fields keep the file's text so that any `.drv` file prints back byte for byte;
/// [`DerivationOutput::fixed_hash`] interprets them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivationOutput {
    pub path: Option<StorePath>,
    pub hash_algo: String,
    pub hash: String,
}

impl DerivationOutput {
    /// An input-addressed output; `None` while its path is not yet known.
    pub fn input_addressed(path: Option<StorePath>) -> Self {
        DerivationOutput {
            path,
            hash_algo: String::new(),
            hash: String::new(),
        }
    }

    /// A floating content-addressed output (`__contentAddressed`): its path is known only
    /// after the build.
    pub fn floating(method: FileIngestionMethod, algo: HashAlgo) -> Self {
        DerivationOutput {
            path: None,
            hash_algo: format!("{}{algo}", method.prefix()),
            hash: String::new(),
        }
    }

    /// A fixed-output output whose path is not filled in yet (see
    /// [`Derivation::fill_output_paths`]).
    pub fn fixed(method: FileIngestionMethod, hash: &Hash) -> Self {
        DerivationOutput {
            path: None,
            hash_algo: format!("{}{}", method.prefix(), hash.algo()),
            hash: hash.to_base16(),
        }
    }

    /// The method and expected hash of a fixed output; `None` for other kinds.
    pub fn fixed_hash(&self) -> Result<Option<(FileIngestionMethod, Hash)>, DerivationError> {
        if self.hash.is_empty() {
            return Ok(None);
        }
        let (method, algo) = match self.hash_algo.strip_prefix("r:") {
            Some(algo) => (FileIngestionMethod::Recursive, algo),
            None => (FileIngestionMethod::Flat, self.hash_algo.as_str()),
        };
        let algo: HashAlgo = algo.parse().map_err(DerivationError::Hash)?;
        let hash = Hash::parse_digest(&self.hash, algo).map_err(DerivationError::Hash)?;
        Ok(Some((method, hash)))
    }
}

/// A derivation: what a `.drv` file holds, plus its name (which the file's path holds).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Derivation {
    pub name: String,
    pub outputs: BTreeMap<String, DerivationOutput>,
    /// Input derivations and which of their outputs are used.
    pub input_drvs: BTreeMap<StorePath, BTreeSet<String>>,
    pub input_srcs: BTreeSet<StorePath>,
    pub system: String,
    pub builder: String,
    pub args: Vec<String>,
    pub env: BTreeMap<String, String>,
}

/// What went wrong parsing or hashing a derivation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DerivationError {
    Syntax(aterm::ParseError),
    Path(StorePathError),
    Hash(ParseHashError),
    /// The modulo hash of this input derivation is not known.
    UnknownInput(String),
    /// The derivation violates a rule CppNix enforces.
    Invalid(String),
}

impl fmt::Display for DerivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerivationError::Syntax(e) => {
                write!(f, "invalid derivation at byte {}: {}", e.offset, e.message)
            }
            DerivationError::Path(e) => e.fmt(f),
            DerivationError::Hash(e) => e.fmt(f),
            DerivationError::UnknownInput(path) => {
                write!(f, "input derivation '{path}' is not known")
            }
            DerivationError::Invalid(message) => write!(f, "invalid derivation: {message}"),
        }
    }
}

impl std::error::Error for DerivationError {}

impl From<StorePathError> for DerivationError {
    fn from(e: StorePathError) -> Self {
        DerivationError::Path(e)
    }
}

impl From<aterm::ParseError> for DerivationError {
    fn from(e: aterm::ParseError) -> Self {
        DerivationError::Syntax(e)
    }
}

/// The modulo hash of each output of a derivation. Every output of an input-addressed
/// derivation has the same hash; each fixed output has its own.
pub type OutputHashes = BTreeMap<String, Hash>;

/// The `/<nix-base32>` string `builtins.placeholder output` returns, which the builder's
/// environment replaces with the output's real path.
/// Bytes, as an evaluator's string may be.
pub fn placeholder(output: impl AsRef<[u8]>) -> String {
    let mut text = b"nix-output:".to_vec();
    text.extend_from_slice(output.as_ref());
    let hash = Hash::digest(HashAlgo::Sha256, text);
    format!("/{}", base32::encode(hash.as_bytes()))
}

impl Derivation {
    /// The `.drv` text, byte for byte as CppNix writes it.
    pub fn to_aterm(&self, store_dir: &StoreDir) -> String {
        self.unparse(store_dir, false, None)
    }

    /// The ATerm, optionally with output paths blanked (`mask_outputs`) and with the input
    /// derivations replaced by `(modulo hash, outputs)` pairs.
    fn unparse(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        hashed_inputs: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> String {
        let mut s = String::with_capacity(4096);
        s.push_str("Derive(");
        aterm::push_tuples(&mut s, &self.outputs, |s, (name, output)| {
            aterm::push_verbatim(s, name);
            s.push(',');
            let path = match (&output.path, mask_outputs) {
                (Some(path), false) => store_dir.print(path),
                _ => String::new(),
            };
            aterm::push_verbatim(s, &path);
            s.push(',');
            aterm::push_verbatim(s, &output.hash_algo);
            s.push(',');
            aterm::push_verbatim(s, &output.hash);
        });
        s.push(',');
        let push_input = |s: &mut String, (key, outputs): (Cow<str>, &BTreeSet<String>)| {
            aterm::push_verbatim(s, &key);
            s.push(',');
            aterm::push_list(s, outputs.iter().map(String::as_str), aterm::push_verbatim);
        };
        match hashed_inputs {
            Some(inputs) => aterm::push_tuples(
                &mut s,
                inputs
                    .iter()
                    .map(|(hash, o)| (Cow::Borrowed(hash.as_str()), o)),
                push_input,
            ),
            None => aterm::push_tuples(
                &mut s,
                self.input_drvs
                    .iter()
                    .map(|(p, o)| (Cow::Owned(store_dir.print(p)), o)),
                push_input,
            ),
        }
        s.push(',');
        let srcs: Vec<String> = self.input_srcs.iter().map(|p| store_dir.print(p)).collect();
        aterm::push_list(
            &mut s,
            srcs.iter().map(String::as_str),
            aterm::push_verbatim,
        );
        s.push(',');
        aterm::push_verbatim(&mut s, &self.system);
        s.push(',');
        aterm::push_escaped(&mut s, &self.builder);
        s.push(',');
        aterm::push_list(
            &mut s,
            self.args.iter().map(String::as_str),
            aterm::push_escaped,
        );
        s.push(',');
        aterm::push_tuples(&mut s, &self.env, |s, (key, value)| {
            aterm::push_escaped(s, key);
            s.push(',');
            let masked = mask_outputs && self.outputs.contains_key(key);
            aterm::push_escaped(s, if masked { "" } else { value });
        });
        s.push(')');
        s
    }

    /// Parses `.drv` text; `name` is the derivation's name (its path's name without
    /// `.drv`). Paths must be in `store_dir`.
    pub fn parse(
        store_dir: &StoreDir,
        name: &str,
        text: &str,
    ) -> Result<Derivation, DerivationError> {
        let mut p = Parser::new(text);
        // Paths are read with their offset and checked once their list is read.
        let path_string = |p: &mut Parser| {
            let at = p.offset();
            p.string().map(|s| (at, s.into_owned()))
        };
        let check_path = |(offset, path): (usize, String)| {
            store_dir.parse(&path).map_err(|e| {
                DerivationError::Syntax(aterm::ParseError {
                    offset,
                    message: e.to_string(),
                })
            })
        };
        let string = |p: &mut Parser| p.string().map(|s| s.into_owned());

        p.expect("Derive(")?;
        let outputs = p.list(|p| {
            p.expect("(")?;
            let id = string(p)?;
            p.expect(",")?;
            let path = path_string(p)?;
            p.expect(",")?;
            let hash_algo = string(p)?;
            p.expect(",")?;
            let hash = string(p)?;
            p.expect(")")?;
            Ok((id, path, hash_algo, hash))
        })?;
        p.expect(",")?;
        let inputs = p.list(|p| {
            p.expect("(")?;
            let path = path_string(p)?;
            p.expect(",")?;
            let outputs = p.list(string)?;
            p.expect(")")?;
            Ok((path, outputs))
        })?;
        p.expect(",")?;
        let srcs = p.list(path_string)?;
        p.expect(",")?;
        let system = string(&mut p)?;
        p.expect(",")?;
        let builder = string(&mut p)?;
        p.expect(",")?;
        let args = p.list(string)?;
        p.expect(",")?;
        let env = p.list(|p| {
            p.expect("(")?;
            let key = string(p)?;
            p.expect(",")?;
            let value = string(p)?;
            p.expect(")")?;
            Ok((key, value))
        })?;
        p.expect(")")?;
        if !p.at_end() {
            return Err(p
                .error::<()>("trailing text after the derivation")
                .unwrap_err()
                .into());
        }

        let mut drv = Derivation {
            name: name.to_string(),
            system,
            builder,
            args,
            env: env.into_iter().collect(),
            ..Derivation::default()
        };
        for (id, path, hash_algo, hash) in outputs {
            let path = if path.1.is_empty() {
                None
            } else {
                Some(check_path(path)?)
            };
            let output = DerivationOutput {
                path,
                hash_algo,
                hash,
            };
            if drv.outputs.insert(id.clone(), output).is_some() {
                return Err(DerivationError::Invalid(format!(
                    "output '{id}' appears twice"
                )));
            }
        }
        for (path, outputs) in inputs {
            drv.input_drvs
                .entry(check_path(path)?)
                .or_default()
                .extend(outputs);
        }
        for src in srcs {
            drv.input_srcs.insert(check_path(src)?);
        }
        Ok(drv)
    }

    /// Whether this is a fixed-output derivation: its only output `out` has an expected
    /// hash. (CppNix rejects other outputs beside a fixed one, as does this.)
    pub fn is_fixed_output(&self) -> Result<bool, DerivationError> {
        let fixed = self.outputs.values().filter(|o| !o.hash.is_empty()).count();
        match fixed {
            0 => Ok(false),
            1 if self.outputs.len() == 1 && self.outputs.contains_key("out") => Ok(true),
            _ => Err(DerivationError::Invalid(
                "a fixed-output derivation must have exactly one output, named 'out'".into(),
            )),
        }
    }

    /// CppNix's `hashDerivationModulo`. `input_hashes` gives the modulo hashes of an input
    /// derivation (computed with `mask_outputs = false`; memoise them, see
    /// [`ModuloHasher`]). `mask_outputs` blanks this derivation's output paths (and the
    /// environment variables named after outputs), as when computing its output paths.
    pub fn hash_modulo(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        input_hashes: &mut dyn FnMut(&StorePath) -> Result<OutputHashes, DerivationError>,
    ) -> Result<OutputHashes, DerivationError> {
        if self.is_fixed_output()? {
            let mut hashes = OutputHashes::new();
            for (name, output) in &self.outputs {
                let (method, hash) = output.fixed_hash()?.expect("fixed output");
                let path = store_dir.make_fixed_output_path(
                    &output_path_name(&self.name, name),
                    method,
                    &hash,
                    &BTreeSet::new(),
                )?;
                let text = format!(
                    "fixed:out:{}:{}:{}",
                    output.hash_algo,
                    hash.to_base16(),
                    store_dir.print(&path)
                );
                hashes.insert(name.clone(), Hash::digest(HashAlgo::Sha256, text));
            }
            return Ok(hashes);
        }
        let mut hashed_inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, outputs) in &self.input_drvs {
            let hashes = input_hashes(path)?;
            for output in outputs {
                let hash = hashes.get(output).ok_or_else(|| {
                    DerivationError::Invalid(format!(
                        "input '{}' has no output '{output}'",
                        store_dir.print(path)
                    ))
                })?;
                hashed_inputs
                    .entry(hash.to_base16())
                    .or_default()
                    .insert(output.clone());
            }
        }
        let hash = Hash::digest(
            HashAlgo::Sha256,
            self.unparse(store_dir, mask_outputs, Some(&hashed_inputs)),
        );
        Ok(self
            .outputs
            .keys()
            .map(|name| (name.clone(), hash))
            .collect())
    }

    /// Fills in the output paths, and the environment variables named after the outputs,
    /// as `derivation` does in CppNix: a fixed output's path comes from its hash; the
    /// input-addressed ones come from the modulo hash of this derivation with those blanked;
    /// floating content-addressed outputs get no path and their placeholder as variable.
    pub fn fill_output_paths(
        &mut self,
        store_dir: &StoreDir,
        input_hashes: &mut dyn FnMut(&StorePath) -> Result<OutputHashes, DerivationError>,
    ) -> Result<(), DerivationError> {
        if self.is_fixed_output()? {
            let output = self.outputs.get_mut("out").expect("fixed output is 'out'");
            let (method, hash) = output.fixed_hash()?.expect("fixed output");
            let path =
                store_dir.make_fixed_output_path(&self.name, method, &hash, &BTreeSet::new())?;
            self.env.insert("out".into(), store_dir.print(&path));
            output.path = Some(path);
            return Ok(());
        }
        let floating = self
            .outputs
            .values()
            .filter(|o| !o.hash_algo.is_empty())
            .count();
        if floating > 0 {
            if floating != self.outputs.len() {
                return Err(DerivationError::Invalid(
                    "content-addressed and input-addressed outputs cannot be mixed".into(),
                ));
            }
            for (name, output) in self.outputs.iter_mut() {
                output.path = None;
                self.env.insert(name.clone(), placeholder(name));
            }
            return Ok(());
        }
        for (name, output) in self.outputs.iter_mut() {
            output.path = None;
            self.env.insert(name.clone(), String::new());
        }
        let hashes = self.hash_modulo(store_dir, true, input_hashes)?;
        for (name, output) in self.outputs.iter_mut() {
            let path = store_dir.make_output_path(name, &hashes[name], &self.name)?;
            self.env.insert(name.clone(), store_dir.print(&path));
            output.path = Some(path);
        }
        Ok(())
    }

    /// The path of this derivation's `.drv` file: a text path named `<name>.drv` whose
    /// references are its input sources and input derivations.
    pub fn drv_path(&self, store_dir: &StoreDir) -> Result<StorePath, StorePathError> {
        let references: BTreeSet<StorePath> = self
            .input_srcs
            .iter()
            .chain(self.input_drvs.keys())
            .cloned()
            .collect();
        let text = self.to_aterm(store_dir);
        store_dir.make_text_path(
            &format!("{}.drv", self.name),
            &Hash::digest(HashAlgo::Sha256, text),
            &references,
        )
    }
}

/// Memoised modulo hashes of derivations found through `load` (e.g. reading `.drv` files,
/// or an evaluator's table of derivations it made).
pub struct ModuloHasher<F> {
    store_dir: StoreDir,
    load: F,
    cache: BTreeMap<StorePath, OutputHashes>,
}

impl<F: FnMut(&StorePath) -> Result<Derivation, DerivationError>> ModuloHasher<F> {
    pub fn new(store_dir: StoreDir, load: F) -> Self {
        ModuloHasher {
            store_dir,
            load,
            cache: BTreeMap::new(),
        }
    }

    /// The unmasked modulo hashes of the derivation at `path`.
    pub fn hashes(&mut self, path: &StorePath) -> Result<OutputHashes, DerivationError> {
        if let Some(hashes) = self.cache.get(path) {
            return Ok(hashes.clone());
        }
        let drv = (self.load)(path)?;
        let store_dir = self.store_dir.clone();
        let hashes = drv.hash_modulo(&store_dir, false, &mut |input| self.hashes(input))?;
        self.cache.insert(path.clone(), hashes.clone());
        Ok(hashes)
    }

    /// Records the hashes of a derivation made in memory, so that later ones can use it.
    pub fn insert(&mut self, path: StorePath, hashes: OutputHashes) {
        self.cache.insert(path, hashes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(name: &str) -> Derivation {
        Derivation {
            name: name.into(),
            outputs: BTreeMap::from([("out".into(), DerivationOutput::input_addressed(None))]),
            system: "x86_64-linux".into(),
            builder: "/bin/sh".into(),
            args: vec!["-c".into(), "echo \"hi\"\n\ttab\\".into()],
            env: BTreeMap::from([("name".into(), name.into())]),
            ..Derivation::default()
        }
    }

    fn no_inputs(_: &StorePath) -> Result<OutputHashes, DerivationError> {
        Err(DerivationError::UnknownInput("none expected".into()))
    }

    #[test]
    fn aterm_layout_and_escapes() {
        let dir = StoreDir::default();
        let mut drv = simple("hello");
        drv.fill_output_paths(&dir, &mut no_inputs).unwrap();
        let out = dir.print(drv.outputs["out"].path.as_ref().unwrap());
        let text = drv.to_aterm(&dir);
        assert_eq!(
            text,
            format!(
                "Derive([(\"out\",\"{out}\",\"\",\"\")],[],[],\"x86_64-linux\",\"/bin/sh\",\
                 [\"-c\",\"echo \\\"hi\\\"\\n\\ttab\\\\\"],[(\"name\",\"hello\"),(\"out\",\"{out}\")])"
            )
        );
        assert_eq!(Derivation::parse(&dir, "hello", &text).unwrap(), drv);
    }

    #[test]
    fn output_paths_come_from_the_masked_text() {
        let dir = StoreDir::default();
        let mut drv = simple("p");
        drv.outputs
            .insert("dev".into(), DerivationOutput::input_addressed(None));
        drv.fill_output_paths(&dir, &mut no_inputs).unwrap();
        // By hand: blank the outputs' paths and variables, hash the ATerm.
        let mut masked = drv.clone();
        for (name, output) in masked.outputs.iter_mut() {
            output.path = None;
            masked.env.insert(name.clone(), String::new());
        }
        let hash = Hash::digest(HashAlgo::Sha256, masked.to_aterm(&dir));
        assert_eq!(
            drv.outputs["dev"].path,
            Some(dir.make_output_path("dev", &hash, "p").unwrap())
        );
        assert_eq!(
            drv.env["out"],
            dir.print(&dir.make_output_path("out", &hash, "p").unwrap())
        );
    }

    #[test]
    fn inputs_are_replaced_by_their_modulo_hash() {
        let dir = StoreDir::default();
        let mut dep = simple("dep");
        dep.fill_output_paths(&dir, &mut no_inputs).unwrap();
        let dep_path = dep.drv_path(&dir).unwrap();
        let dep_hash = dep.hash_modulo(&dir, false, &mut no_inputs).unwrap()["out"];
        assert_eq!(dep_hash, Hash::digest(HashAlgo::Sha256, dep.to_aterm(&dir)));

        let mut top = simple("top");
        top.input_drvs
            .insert(dep_path.clone(), BTreeSet::from(["out".to_string()]));
        let top_hash = top
            .hash_modulo(&dir, false, &mut |p| {
                assert_eq!(p, &dep_path);
                Ok(OutputHashes::from([("out".to_string(), dep_hash)]))
            })
            .unwrap()["out"];
        let replaced = top
            .to_aterm(&dir)
            .replace(&dir.print(&dep_path), &dep_hash.to_base16());
        assert_eq!(top_hash, Hash::digest(HashAlgo::Sha256, replaced));

        // The drv path's references include the input derivation.
        let refs = BTreeSet::from([dep_path]);
        let expected = dir
            .make_text_path(
                "top.drv",
                &Hash::digest(HashAlgo::Sha256, top.to_aterm(&dir)),
                &refs,
            )
            .unwrap();
        assert_eq!(top.drv_path(&dir).unwrap(), expected);
    }

    #[test]
    fn fixed_output_hash_ignores_everything_but_the_output() {
        let dir = StoreDir::default();
        let content = Hash::digest(HashAlgo::Sha256, "tarball");
        let fod = |builder: &str| {
            let mut drv = simple("src.tar");
            drv.builder = builder.into();
            drv.outputs.insert(
                "out".into(),
                DerivationOutput::fixed(FileIngestionMethod::Flat, &content),
            );
            drv.fill_output_paths(&dir, &mut no_inputs).unwrap();
            drv
        };
        let (a, b) = (fod("/bin/curl"), fod("/bin/wget"));
        assert_ne!(a.drv_path(&dir).unwrap(), b.drv_path(&dir).unwrap());
        let ha = a.hash_modulo(&dir, false, &mut no_inputs).unwrap();
        assert_eq!(ha, b.hash_modulo(&dir, false, &mut no_inputs).unwrap());
        let path = a.outputs["out"].path.clone().unwrap();
        assert_eq!(
            path,
            dir.make_fixed_output_path(
                "src.tar",
                FileIngestionMethod::Flat,
                &content,
                &BTreeSet::new()
            )
            .unwrap()
        );
        let text = format!(
            "fixed:out:sha256:{}:{}",
            content.to_base16(),
            dir.print(&path)
        );
        assert_eq!(ha["out"], Hash::digest(HashAlgo::Sha256, text));

        let mut two = a.clone();
        two.outputs
            .insert("dev".into(), DerivationOutput::input_addressed(None));
        assert!(matches!(
            two.is_fixed_output(),
            Err(DerivationError::Invalid(_))
        ));
    }

    #[test]
    fn parse_errors() {
        let dir = StoreDir::default();
        let err = |text: &str| Derivation::parse(&dir, "x", text).unwrap_err().to_string();
        assert!(err("Derive([").contains("at byte 8"));
        assert!(
            err("Derive([(\"out\",\"/tmp/x\",\"\",\"\")],[],[],\"\",\"\",[],[])")
                .contains("not in the store directory")
        );
        let ok = "Derive([],[],[],\"s\",\"b\",[],[])";
        assert!(Derivation::parse(&dir, "x", ok).is_ok());
        assert!(err(&format!("{ok} ")).contains("trailing text"));
    }

    #[test]
    fn placeholder_is_hash_of_output_name() {
        let p = placeholder("out");
        assert_eq!(p.len(), 53);
        let digest = Hash::digest(HashAlgo::Sha256, "nix-output:out");
        assert_eq!(p, format!("/{}", digest.to_nix32()));
    }
}
