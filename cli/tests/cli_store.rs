//! `firn store hash-path` and `firn store dump` end to end, compared with `nix-hash` and
//! `nix-store --dump` when Nix is installed (the library is checked against Nix in depth by
//! `store/tests/`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn firn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(args)
        .output()
        .expect("firn runs")
}

fn have_nix() -> bool {
    test_utils::program_available("nix-hash", "cli_store Nix comparisons")
}

fn nix(program: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(program)
        .args(args)
        .env("NIX_REMOTE", "dummy://")
        .output()
        .expect("nix runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A small tree with every kind of entry.
fn tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("firn-cli-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub/empty")).unwrap();
    std::fs::write(dir.join("file"), b"hello\n").unwrap();
    std::fs::write(dir.join("sub/run"), b"#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(dir.join("sub/run"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.join("ünïcode"), vec![0u8; 1000]).unwrap();
    std::os::unix::fs::symlink("../file", dir.join("sub/link")).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn hash_path_prints_nix_hash_output() {
    let dir = tree("hash");
    let file = dir.join("file");
    let out = firn(&["store", "hash-path", s(&dir), s(&file)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.len() == 52), "{stdout}");
    if have_nix() {
        assert_eq!(
            stdout.as_bytes(),
            nix(
                "nix-hash",
                &["--type", "sha256", "--base32", s(&dir), s(&file)]
            )
        );
        let md5 = firn(&["store", "hash-path", "--type", "md5", "--base16", s(&dir)]);
        assert_eq!(md5.stdout, nix("nix-hash", &["--type", "md5", s(&dir)]));
        let flat = firn(&["store", "hash-path", "--flat", "--type", "sha1", s(&file)]);
        assert_eq!(
            flat.stdout,
            nix(
                "nix-hash",
                &["--flat", "--type", "sha1", "--base32", s(&file)]
            )
        );
    }
    let sri = firn(&["store", "hash-path", "--sri", s(&file)]);
    assert!(
        String::from_utf8(sri.stdout)
            .unwrap()
            .starts_with("sha256-")
    );
}

#[test]
fn dump_prints_nix_store_dump_output() {
    let dir = tree("dump");
    let out = firn(&["store", "dump", s(&dir)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&out.stdout[..21], b"\x0d\0\0\0\0\0\0\0nix-archive-1");
    if have_nix() {
        assert!(
            out.stdout == nix("nix-store", &["--dump", s(&dir)]),
            "NAR differs from nix-store --dump"
        );
    }
}

#[test]
fn errors_name_the_path_and_exit_one() {
    let dir = tree("errors");
    let missing = dir.join("missing");
    for args in [
        vec!["store", "hash-path", s(&missing)],
        vec!["store", "dump", s(&missing)],
        vec!["store", "hash-path", "--flat", s(&dir)],
    ] {
        let out = firn(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("error: ") && stderr.contains(s(&dir)),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A bad algorithm is a usage error.
    let out = firn(&["store", "hash-path", "--type", "sha3", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown hash algorithm")
    );
    // One bad path among good ones: the good ones are still printed.
    let out = firn(&["store", "hash-path", s(&missing), s(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}
