//! Shared by the differential tests: the Nix 2.8 oracle, a seeded generator and file trees.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether the Nix tools are on PATH; prints a visible skip line if not.
pub fn have_nix(test: &str) -> bool {
    test_utils::program_available("nix-hash", test)
}

/// Runs a Nix tool with no real store behind it, panicking with its stderr on failure.
pub fn nix(program: &str, args: &[&str]) -> Vec<u8> {
    nix_env(program, args, &[])
}

pub fn nix_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let out = nix_output(program, args, env);
    assert!(
        out.status.success(),
        "{program} failed ({} arguments): {}",
        args.len(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn nix_output(program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program);
    command
        .args(args)
        .env("NIX_REMOTE", "dummy://")
        .env_remove("NIX_PATH");
    for (k, v) in env {
        command.env(k, v);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Runs `nix-hash` and returns its one line of output.
pub fn nix_hash(args: &[&str]) -> String {
    String::from_utf8(nix("nix-hash", args))
        .expect("utf-8")
        .trim_end()
        .to_string()
}

/// splitmix64: small, seeded, the same everywhere.
#[allow(unused_imports)] // each test binary uses its own part of this module
pub use test_utils::random::{Rng, nix_string};

/// File names for generated trees: ASCII, punctuation, non-ASCII, and names whose byte order
/// differs from a case-insensitive or character order.
const NAMES: &[&str] = &[
    "a", "B", "b", "Z", "_", "-dash", ".hidden", "file.txt", "dir", "x y", "ü", "é", "日本", "😀",
    "a.b.c", "10", "9", "~tilde", "A", "aa", "ab", "=", "+plus", "#hash",
];

/// Fills `dir` (which exists) with a random tree: regular and executable files (empty,
/// small, crossing the 8-byte padding, tens of KiB), symlinks (relative, absolute,
/// dangling, with odd targets), empty and nested directories.
pub fn random_tree(rng: &mut Rng, dir: &Path, depth: usize) {
    let entries = rng.below(7);
    for _ in 0..entries {
        let name = format!(
            "{}{}",
            rng.pick(NAMES),
            if rng.chance(30) {
                rng.below(100).to_string()
            } else {
                String::new()
            }
        );
        let path = dir.join(&name);
        if path.symlink_metadata().is_ok() {
            continue;
        }
        match rng.below(10) {
            0..=4 => write_random_file(rng, &path),
            5 | 6 => {
                let target = rng.pick(&[
                    "a",
                    "../x",
                    "/nix/store/nothing",
                    "sub/dir/",
                    "ü",
                    "a b",
                    ".",
                    "",
                ]);
                // An empty target is not allowed by the OS; use a long one instead.
                let target = if target.is_empty() {
                    "t".repeat(200)
                } else {
                    target.to_string()
                };
                std::os::unix::fs::symlink(target, &path).expect("symlink");
            }
            _ => {
                std::fs::create_dir(&path).expect("mkdir");
                if depth > 0 {
                    random_tree(rng, &path, depth - 1);
                }
            }
        }
    }
}

pub fn write_random_file(rng: &mut Rng, path: &Path) {
    let len = match rng.below(6) {
        0 => 0,
        1 => rng.below(9),
        2 => 8 * (1 + rng.below(4)),
        3 => rng.below(300),
        4 => rng.below(70_000),
        _ => 1 + rng.below(16),
    };
    std::fs::write(path, rng.bytes(len)).expect("write");
    let mode = *rng.pick(&[0o644, 0o755, 0o600, 0o700, 0o444, 0o555, 0o744, 0o654]);
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A fresh directory, removed on drop.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("firn-store-")
        .tempdir()
        .expect("temp dir")
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Every regular file below `dir`, sorted.
pub fn regular_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).expect("stat");
        if meta.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("readdir")
                    .map(|e| e.expect("entry").path()),
            );
        } else if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// What a generated tree holds, to check that the generator covers every case.
#[derive(Debug, Default)]
pub struct TreeStats {
    pub files: usize,
    pub executables: usize,
    pub symlinks: usize,
    pub empty_dirs: usize,
    pub non_ascii_names: usize,
    pub max_depth: usize,
}

impl TreeStats {
    pub fn add(&mut self, path: &Path, depth: usize) {
        let meta = std::fs::symlink_metadata(path).expect("stat");
        let name = path
            .file_name()
            .map(|n| n.as_encoded_bytes().to_vec())
            .unwrap_or_default();
        self.non_ascii_names += usize::from(!name.is_ascii());
        self.max_depth = self.max_depth.max(depth);
        if meta.is_symlink() {
            self.symlinks += 1;
        } else if meta.is_file() {
            self.files += 1;
            self.executables += usize::from(meta.permissions().mode() & 0o100 != 0);
        } else {
            let entries: Vec<PathBuf> = std::fs::read_dir(path)
                .expect("readdir")
                .map(|e| e.expect("entry").path())
                .collect();
            self.empty_dirs += usize::from(entries.is_empty());
            for entry in entries {
                self.add(&entry, depth + 1);
            }
        }
    }
}
