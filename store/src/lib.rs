//! The build core: nix-base32, hashes, store paths, NAR and `.drv` files, computed exactly
//! as CppNix computes them, and a client of the Nix daemon that builds them. No evaluator and
//! no store database: firn never writes a store itself, the daemon does. It must not
//! depend on `eval` (checked by `tests/tests/crate_dependencies.rs`).
//!
//! - [`base32`]: Nix's base-32 encoding.
//! - [`hash`]: hash algorithms, textual forms, XOR folding.
//! - [`store_path`]: store directories, store paths and how they are computed.
//! - [`nar`]: NAR serialisation (streaming), parsing, NAR hashes.
//! - [`aterm`] and [`derivation`]: `.drv` files and derivation hashing.
//! - [`daemon`]: a client of the Nix daemon (worker protocol 1.32–1.38).
//! - [`json`]: JSON strings as Nix escapes them; derivations as `nix show-derivation` prints them.

pub mod aterm;
pub mod base32;
pub mod daemon;
pub mod derivation;
pub mod hash;
pub mod json;
pub mod nar;
pub mod store_path;

pub use derivation::{Derivation, DerivationOutput};
pub use hash::{Hash, HashAlgo};
pub use store_path::{FileIngestionMethod, StoreDir, StorePath};
