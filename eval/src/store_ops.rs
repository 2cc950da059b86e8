//! Store paths the evaluator computes without writing anything: paths copied to the store
//! (`"${./file}"`, `builtins.path`, `filterSource`). Hashes come from the `store` crate; a
//! filtered copy is serialised here because the filter is a Nix function.

use crate::error::{EvalResult, err};
use crate::io::{FileSystem, FileType};
use crate::machine::Machine;
use crate::source::Pos;
use crate::value::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use store::daemon::AddMethod;
use store::hash::{Hash, HashAlgo, Hasher};
use store::{FileIngestionMethod, StoreDir, StorePath};

impl Machine {
    pub fn store_dir(&self, pos: Pos) -> EvalResult<StoreDir> {
        StoreDir::new(&self.options.store_dir).or_else(|e| err(e.to_string(), pos))
    }

    pub fn parse_store_path(&self, path: &str, pos: Pos) -> EvalResult<StorePath> {
        let dir = self.store_dir(pos)?;
        dir.parse(path).or_else(|e| err(e.to_string(), pos))
    }

    /// The store path a path literal becomes when interpolated into a string.
    pub fn copy_path_to_store(&mut self, path: &str, pos: Pos) -> EvalResult<String> {
        if let Some(p) = self.copied_paths.get(path) {
            return Ok(p.clone());
        }
        let name = crate::paths::base_name(path).to_string();
        let result = self.add_path_to_store(path, &name, None, true, pos)?;
        self.copied_paths.insert(path.to_string(), result.clone());
        Ok(result)
    }

    /// The store path of `source` added under `name`, through an optional filter.
    pub fn add_path_to_store(
        &mut self,
        source: &str,
        name: &str,
        filter: Option<&Value>,
        recursive: bool,
        pos: Pos,
    ) -> EvalResult<String> {
        let dir = self.store_dir(pos)?;
        if !self.fs.exists(Path::new(source)) {
            return err(format!("path '{source}' does not exist"), pos);
        }
        let (method, hash) = if !recursive {
            let bytes = self
                .fs
                .read(Path::new(source))
                .or_else(|e| err(format!("reading '{source}': {e}"), pos))?;
            (
                FileIngestionMethod::Flat,
                Hash::digest(HashAlgo::Sha256, bytes),
            )
        } else {
            let fs = self.fs.clone();
            let mut keep = |child: &str, t: FileType| match filter {
                None => Ok(true),
                Some(f) => {
                    let args = [Value::Path(child.into()), Value::string(t.nix_name())];
                    let keep = self.call_n(f, &args, pos)?;
                    self.force_bool(&keep, pos)
                }
            };
            let hash = nar_hash(&*fs, source, &mut keep, pos)?;
            (FileIngestionMethod::Recursive, hash)
        };
        let path = match dir.make_fixed_output_path(name, method, &hash, &BTreeSet::new()) {
            Ok(p) => dir.print(&p),
            Err(e) => return err(e.to_string(), pos),
        };
        self.store_objects.insert(
            path.clone(),
            StoreObject::Source {
                source: source.to_string(),
                recursive,
                filter: filter.cloned(),
            },
        );
        Ok(path)
    }

    /// What to hand the daemon for a store path this evaluation computed: how it is added,
    /// its bytes (a NAR for a directory) and its references. A `.drv` comes from the
    /// derivation; a store path that is none of those (a flake input this machine mounts,
    /// or one already present) is dumped as it appears here.
    pub fn store_object_data(
        &mut self,
        path: &str,
        pos: Pos,
    ) -> EvalResult<(AddMethod, Vec<u8>, Vec<String>)> {
        let dir = self.store_dir(pos)?;
        let store_path = self.parse_store_path(path, pos)?;
        if let Some(drv) = self.derivation_cache.derivations.get(&store_path) {
            let references = drv
                .input_srcs
                .iter()
                .chain(drv.input_drvs.keys())
                .map(|p| dir.print(p))
                .collect();
            return Ok((AddMethod::Text, drv.to_aterm(&dir).into_bytes(), references));
        }
        let (source, recursive, filter) = match self.store_objects.get(path) {
            Some(StoreObject::Text {
                contents,
                references,
                ..
            }) => return Ok((AddMethod::Text, contents.clone(), references.clone())),
            Some(StoreObject::Source {
                source,
                recursive,
                filter,
            }) => (source.clone(), *recursive, filter.clone()),
            None => (path.to_string(), true, None),
        };
        if !recursive {
            let bytes = self
                .fs
                .read(Path::new(&source))
                .or_else(|e| err(format!("reading '{source}': {e}"), pos))?;
            return Ok((AddMethod::Flat, bytes, Vec::new()));
        }
        let fs = self.fs.clone();
        let mut keep = |child: &str, t: FileType| match &filter {
            None => Ok(true),
            Some(f) => {
                let args = [Value::Path(child.into()), Value::string(t.nix_name())];
                let keep = self.call_n(f, &args, pos)?;
                self.force_bool(&keep, pos)
            }
        };
        let mut bytes = Vec::new();
        let mut nar = NarWriter { out: &mut bytes };
        nar.string(b"nix-archive-1");
        nar_node(&*fs, &mut nar, &source, &mut keep, pos)?;
        Ok((AddMethod::Recursive, bytes, Vec::new()))
    }
}

/// What a store path computed during evaluation holds.
#[derive(Clone)]
pub enum StoreObject {
    /// `builtins.toFile`: text with references (its name is the store path's).
    Text {
        contents: Vec<u8>,
        references: Vec<String>,
    },
    /// A copy of `source` (path interpolation, `builtins.path`, `filterSource`), through
    /// `filter` when there is one.
    Source {
        source: String,
        recursive: bool,
        filter: Option<Value>,
    },
}

/// Which entries of a directory a NAR keeps: `(path, type) -> keep?`.
pub type NarFilter<'a> = &'a mut dyn FnMut(&str, FileType) -> EvalResult<bool>;

/// The sha256 of the NAR serialisation of `source`, read through `fs` (so unsaved buffers
/// and mounted store paths count), keeping the directory entries `keep` accepts.
pub fn nar_hash(fs: &dyn FileSystem, source: &str, keep: NarFilter, pos: Pos) -> EvalResult<Hash> {
    let mut hasher = Hasher::new(HashAlgo::Sha256);
    let mut nar = NarWriter { out: &mut hasher };
    nar.string(b"nix-archive-1");
    nar_node(fs, &mut nar, source, keep, pos)?;
    Ok(hasher.finish())
}

fn nar_node(
    fs: &dyn FileSystem,
    nar: &mut NarWriter,
    path: &str,
    keep: NarFilter,
    pos: Pos,
) -> EvalResult<()> {
    let io_err = |e: std::io::Error| err::<()>(format!("reading '{path}': {e}"), pos);
    let file_type = match fs.symlink_type(Path::new(path)) {
        Ok(t) => t,
        Err(e) => return io_err(e),
    };
    nar.string(b"(");
    nar.string(b"type");
    match file_type {
        FileType::Regular => {
            nar.string(b"regular");
            if fs.is_executable(Path::new(path)) {
                nar.string(b"executable");
                nar.string(b"");
            }
            let bytes = match fs.read(Path::new(path)) {
                Ok(b) => b,
                Err(e) => return io_err(e),
            };
            nar.string(b"contents");
            nar.string(&bytes);
        }
        FileType::Symlink => {
            nar.string(b"symlink");
            let target = match fs.read_link(Path::new(path)) {
                Ok(t) => t,
                Err(e) => return io_err(e),
            };
            nar.string(b"target");
            nar.string(target.to_string_lossy().as_bytes());
        }
        FileType::Directory => {
            nar.string(b"directory");
            let mut entries = match fs.read_dir(Path::new(path)) {
                Ok(e) => e,
                Err(e) => return io_err(e),
            };
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (name, t) in entries {
                let child = format!("{path}/{name}");
                if !keep(&child, t)? {
                    continue;
                }
                nar.string(b"entry");
                nar.string(b"(");
                nar.string(b"name");
                nar.string(name.as_bytes());
                nar.string(b"node");
                nar_node(fs, nar, &child, keep, pos)?;
                nar.string(b")");
            }
        }
        FileType::Unknown => return err(format!("file '{path}' has an unsupported type"), pos),
    }
    nar.string(b")");
    Ok(())
}

/// NAR framing: every string is its length (u64 LE), its bytes, zero padding to 8.
struct NarWriter<'a> {
    out: &'a mut dyn Write,
}

impl NarWriter<'_> {
    fn string(&mut self, s: &[u8]) {
        let _ = self.out.write_all(&(s.len() as u64).to_le_bytes());
        let _ = self.out.write_all(s);
        let pad = (8 - s.len() % 8) % 8;
        let _ = self.out.write_all(&[0u8; 8][..pad]);
    }
}
