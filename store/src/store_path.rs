//! Store paths: `<store dir>/<32 nix-base32 chars>-<name>`, their validation, and the way
//! Nix computes them from a fingerprint.
//!
//! Every computed path is `make_store_path(type, inner hash, name)`: the SHA-256 of
//! `"<type>:sha256:<inner hash in base16>:<store dir>:<name>"`, XOR-folded to 20 bytes. The
//! store directory is part of the fingerprint, so the same content has different paths in
//! different stores.

use crate::base32;
use crate::hash::{Hash, HashAlgo, compress_hash};
use std::collections::BTreeSet;
use std::fmt;

/// Characters of the hash part of a store path's base name.
pub const HASH_PART_LEN: usize = 32;
/// Bytes of the hash part.
pub const HASH_PART_BYTES: usize = 20;
/// The longest allowed name: 255 (a file name) minus the hash part and its dash.
pub const MAX_NAME_LEN: usize = 211;

/// Why a store path or name was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorePathError {
    InvalidName {
        name: String,
        reason: String,
    },
    InvalidPath {
        path: String,
        reason: String,
    },
    InvalidStoreDir {
        dir: String,
    },
    /// A fixed-output path other than recursive SHA-256 cannot have references.
    ReferencesNotAllowed {
        name: String,
    },
    /// Text paths are always SHA-256.
    NotSha256 {
        name: String,
        algo: HashAlgo,
    },
}

impl fmt::Display for StorePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorePathError::InvalidName { name, reason } => {
                write!(f, "invalid store path name '{name}': {reason}")
            }
            StorePathError::InvalidPath { path, reason } => {
                write!(f, "'{path}' is not a valid store path: {reason}")
            }
            StorePathError::InvalidStoreDir { dir } => write!(
                f,
                "invalid store directory '{dir}': it must be absolute, without a trailing slash"
            ),
            StorePathError::ReferencesNotAllowed { name } => write!(
                f,
                "fixed-output path '{name}' cannot have references unless it is recursive sha256"
            ),
            StorePathError::NotSha256 { name, algo } => {
                write!(f, "text path '{name}' needs a sha256 hash, not {algo}")
            }
        }
    }
}

impl std::error::Error for StorePathError {}

/// Checks a store path name: 1 to 211 characters from `[A-Za-z0-9+-._?=]`, and no first
/// dash-separated component `.` or `..` (the rule of current CppNix; Nix 2.8 allowed those,
/// old Nix rejected any leading `.`; names like `.hidden` are valid in both).
pub fn validate_name(name: &str) -> Result<(), StorePathError> {
    let bad = |reason: &str| {
        Err(StorePathError::InvalidName {
            name: name.to_string(),
            reason: reason.to_string(),
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return bad("it is longer than 211 characters");
    }
    let first = name.split('-').next().unwrap_or("");
    if first == "." || first == ".." {
        return bad("it must not be '.' or '..' or start with '.-' or '..-'");
    }
    if let Some(c) = name.chars().find(|&c| !is_name_char(c)) {
        return bad(&format!("it contains the illegal character {c:?}"));
    }
    Ok(())
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_' | '?' | '=')
}

/// A store path without its store directory: `<hash part>-<name>`. Ordered as Nix orders
/// them (by this string), which is also the order of the full paths within one store.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StorePath {
    base_name: String,
}

impl StorePath {
    /// Parses a base name `<hash part>-<name>`.
    pub fn from_base_name(base_name: &str) -> Result<StorePath, StorePathError> {
        let bad = |reason: String| StorePathError::InvalidPath {
            path: base_name.to_string(),
            reason,
        };
        if base_name.len() < HASH_PART_LEN + 1 {
            return Err(bad("it is too short".into()));
        }
        if let Some(k) = base_name
            .bytes()
            .take(HASH_PART_LEN)
            .position(|b| !base32::ALPHABET.contains(&b))
        {
            let c = base_name[k..].chars().next().unwrap_or('?');
            return Err(bad(format!(
                "its hash part has the illegal character {c:?}"
            )));
        }
        let (_, rest) = base_name.split_at(HASH_PART_LEN);
        let Some(name) = rest.strip_prefix('-') else {
            return Err(bad("its hash part is not followed by '-'".into()));
        };
        validate_name(name).map_err(|e| bad(e.to_string()))?;
        Ok(StorePath {
            base_name: base_name.to_string(),
        })
    }

    /// The path with this 20-byte hash and name.
    pub fn from_hash(
        hash: &[u8; HASH_PART_BYTES],
        name: &str,
    ) -> Result<StorePath, StorePathError> {
        validate_name(name)?;
        Ok(StorePath {
            base_name: format!("{}-{name}", base32::encode(hash)),
        })
    }

    pub fn base_name(&self) -> &str {
        &self.base_name
    }

    /// The 32 nix-base32 characters.
    pub fn hash_part(&self) -> &str {
        &self.base_name[..HASH_PART_LEN]
    }

    pub fn name(&self) -> &str {
        &self.base_name[HASH_PART_LEN + 1..]
    }

    /// Whether this names a `.drv` file.
    pub fn is_derivation(&self) -> bool {
        self.name().ends_with(".drv")
    }
}

impl fmt::Display for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base_name)
    }
}

impl fmt::Debug for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorePath({})", self.base_name)
    }
}

/// How a fixed-output path's content was hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileIngestionMethod {
    /// The hash of a single file's bytes.
    Flat,
    /// The hash of the NAR serialisation of a file system object.
    Recursive,
}

impl FileIngestionMethod {
    /// The prefix Nix writes before the algorithm in fingerprints and `.drv` files.
    pub fn prefix(self) -> &'static str {
        match self {
            FileIngestionMethod::Flat => "",
            FileIngestionMethod::Recursive => "r:",
        }
    }
}

/// A store directory such as `/nix/store`. It is part of every path's fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreDir(String);

impl Default for StoreDir {
    fn default() -> Self {
        StoreDir("/nix/store".to_string())
    }
}

impl StoreDir {
    /// An absolute directory, written without a trailing slash (as Nix canonicalises it).
    pub fn new(dir: &str) -> Result<StoreDir, StorePathError> {
        if !dir.starts_with('/') || dir.len() < 2 || dir.ends_with('/') || dir.contains("//") {
            return Err(StorePathError::InvalidStoreDir {
                dir: dir.to_string(),
            });
        }
        Ok(StoreDir(dir.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full path `<dir>/<base name>`.
    pub fn print(&self, path: &StorePath) -> String {
        format!("{}/{}", self.0, path.base_name)
    }

    /// Parses a full path directly inside this store directory.
    pub fn parse(&self, path: &str) -> Result<StorePath, StorePathError> {
        let base = path
            .strip_prefix(self.0.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .ok_or_else(|| StorePathError::InvalidPath {
                path: path.to_string(),
                reason: format!("it is not in the store directory '{}'", self.0),
            })?;
        StorePath::from_base_name(base).map_err(|e| match e {
            StorePathError::InvalidPath { reason, .. } => StorePathError::InvalidPath {
                path: path.to_string(),
                reason,
            },
            other => other,
        })
    }

    /// The path for fingerprint `"<type>:<inner hash as algo:base16>:<dir>:<name>"`.
    pub fn make_store_path(
        &self,
        path_type: &str,
        inner: &Hash,
        name: &str,
    ) -> Result<StorePath, StorePathError> {
        validate_name(name)?;
        let fingerprint = format!(
            "{path_type}:{}:{}:{}:{name}",
            inner.algo(),
            inner.to_base16(),
            self.0
        );
        let digest = Hash::digest(HashAlgo::Sha256, fingerprint.as_bytes());
        let folded: [u8; HASH_PART_BYTES] = compress_hash(digest.as_bytes(), HASH_PART_BYTES)
            .try_into()
            .expect("folded to 20 bytes");
        StorePath::from_hash(&folded, name)
    }

    /// `text:<reference>:…` type: the references, full paths in sorted order, are part of
    /// the type so that two texts differing only in references get different paths.
    fn type_with_references<'a>(
        &self,
        base: &str,
        references: impl IntoIterator<Item = &'a StorePath>,
    ) -> String {
        let mut path_type = base.to_string();
        for reference in references {
            path_type.push(':');
            path_type.push_str(&self.print(reference));
        }
        path_type
    }

    /// The path of a text file (`builtins.toFile`, `.drv` files): `content_hash` is the
    /// SHA-256 of its bytes.
    pub fn make_text_path(
        &self,
        name: &str,
        content_hash: &Hash,
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        if content_hash.algo() != HashAlgo::Sha256 {
            return Err(StorePathError::NotSha256 {
                name: name.to_string(),
                algo: content_hash.algo(),
            });
        }
        self.make_store_path(
            &self.type_with_references("text", references),
            content_hash,
            name,
        )
    }

    /// The path of content with a known hash: recursive SHA-256 is a `source` path (as for
    /// `./local/dir` in an expression); anything else goes through a second hash,
    /// `fixed:out:<method><algo>:<base16>:`, as the `out` output of a fixed-output
    /// derivation.
    pub fn make_fixed_output_path(
        &self,
        name: &str,
        method: FileIngestionMethod,
        hash: &Hash,
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        if method == FileIngestionMethod::Recursive && hash.algo() == HashAlgo::Sha256 {
            return self.make_store_path(
                &self.type_with_references("source", references),
                hash,
                name,
            );
        }
        if !references.is_empty() {
            return Err(StorePathError::ReferencesNotAllowed {
                name: name.to_string(),
            });
        }
        let inner = format!(
            "fixed:out:{}{}:{}:",
            method.prefix(),
            hash.algo(),
            hash.to_base16()
        );
        self.make_store_path("output:out", &Hash::digest(HashAlgo::Sha256, inner), name)
    }

    /// The path of output `output` of an input-addressed derivation called `drv_name`
    /// whose masked modulo hash is `drv_hash`; outputs other than `out` add `-<output>`.
    pub fn make_output_path(
        &self,
        output: &str,
        drv_hash: &Hash,
        drv_name: &str,
    ) -> Result<StorePath, StorePathError> {
        self.make_store_path(
            &format!("output:{output}"),
            drv_hash,
            &output_path_name(drv_name, output),
        )
    }
}

/// `name` for output `out`, `name-output` otherwise.
pub fn output_path_name(drv_name: &str, output: &str) -> String {
    if output == "out" {
        drv_name.to_string()
    } else {
        format!("{drv_name}-{output}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in [
            "a",
            "hello-2.12.1",
            ".hidden",
            "..a",
            "a+b=c?_d",
            &"x".repeat(211),
        ] {
            assert_eq!(validate_name(good), Ok(()), "{good}");
        }
        let reason = |name: &str| validate_name(name).unwrap_err().to_string();
        assert_eq!(reason(""), "invalid store path name '': it is empty");
        assert!(reason(&"x".repeat(212)).contains("longer than 211"));
        assert!(reason("a b").contains("illegal character ' '"));
        assert!(reason("é").contains("illegal character 'é'"));
        for dots in [".", "..", ".-a", "..-a"] {
            assert!(reason(dots).contains("must not be '.'"), "{dots}");
        }
    }

    #[test]
    fn parse_and_print() {
        let dir = StoreDir::default();
        let full = "/nix/store/00000000000000000000000000000000-x.drv";
        let path = dir.parse(full).unwrap();
        assert_eq!(path.hash_part(), "0".repeat(32));
        assert_eq!(path.name(), "x.drv");
        assert!(path.is_derivation());
        assert_eq!(dir.print(&path), full);

        let err = |p: &str| dir.parse(p).unwrap_err().to_string();
        assert!(err("/nix/store/0000-x").contains("too short"));
        assert!(
            err("/other/00000000000000000000000000000000-x").contains("not in the store directory")
        );
        assert!(
            err("/nix/store/e0000000000000000000000000000000-x").contains("illegal character 'e'")
        );
        assert!(
            err("/nix/store/00000000000000000000000000000000_x").contains("not followed by '-'")
        );
        assert!(
            err("/nix/store/00000000000000000000000000000000-a/b")
                .contains("illegal character '/'")
        );
        assert!(
            err("/nix/store/0000000000000000000000000000000é-x").contains("illegal character 'é'")
        );

        assert!(StoreDir::new("relative").is_err());
        assert!(StoreDir::new("/trailing/").is_err());
        assert_eq!(StoreDir::new("/gnu/store").unwrap().as_str(), "/gnu/store");
    }

    #[test]
    fn fingerprint_by_hand() {
        // make_store_path is sha256 of the fingerprint, folded to 20 bytes, in nix-base32.
        let dir = StoreDir::default();
        let inner = Hash::digest(HashAlgo::Sha256, "hello");
        let fingerprint = format!("text:sha256:{}:/nix/store:greeting", inner.to_base16());
        let folded = compress_hash(Hash::digest(HashAlgo::Sha256, fingerprint).as_bytes(), 20);
        let path = dir
            .make_text_path("greeting", &inner, &BTreeSet::new())
            .unwrap();
        assert_eq!(path.hash_part(), base32::encode(&folded));
        // Another store directory gives another path.
        let gnu = StoreDir::new("/gnu/store").unwrap();
        assert_ne!(
            gnu.make_text_path("greeting", &inner, &BTreeSet::new())
                .unwrap(),
            path
        );
    }

    #[test]
    fn fixed_output_rules() {
        let dir = StoreDir::default();
        let sha256 = Hash::digest(HashAlgo::Sha256, "x");
        let sha1 = Hash::digest(HashAlgo::Sha1, "x");
        let none = BTreeSet::new();
        let source = dir
            .make_fixed_output_path("src", FileIngestionMethod::Recursive, &sha256, &none)
            .unwrap();
        assert_eq!(
            source,
            dir.make_store_path("source", &sha256, "src").unwrap()
        );
        let inner = Hash::digest(
            HashAlgo::Sha256,
            format!("fixed:out:r:sha1:{}:", sha1.to_base16()),
        );
        assert_eq!(
            dir.make_fixed_output_path("src", FileIngestionMethod::Recursive, &sha1, &none)
                .unwrap(),
            dir.make_store_path("output:out", &inner, "src").unwrap()
        );
        let refs = BTreeSet::from([source.clone()]);
        assert!(matches!(
            dir.make_fixed_output_path("f", FileIngestionMethod::Flat, &sha256, &refs),
            Err(StorePathError::ReferencesNotAllowed { .. })
        ));
        assert!(matches!(
            dir.make_text_path("t", &sha1, &none),
            Err(StorePathError::NotSha256 { .. })
        ));
        assert_eq!(
            dir.make_output_path("dev", &sha256, "pkg").unwrap().name(),
            "pkg-dev"
        );
        assert_eq!(
            dir.make_output_path("out", &sha256, "pkg").unwrap().name(),
            "pkg"
        );
    }
}
