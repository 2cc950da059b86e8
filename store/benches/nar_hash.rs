//! `cargo bench -p store --bench nar_hash`: NAR-hash a generated tree (200 MB over a few
//! thousand files by default; `FIRN_BENCH_MB` changes it) with firn and with
//! `nix-hash --type sha256 --base32` in the same run, and print MB/s and the ratio.
//! Both read from the page cache (one warm-up run each); the best of a few rounds counts.
//! Without `--bench` (as under `cargo test --all-targets`) it makes a 2 MB smoke run.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let megabytes: u64 = match std::env::var("FIRN_BENCH_MB") {
        Ok(v) => v.parse().expect("FIRN_BENCH_MB is a number"),
        Err(_) if bench => 200,
        Err(_) => 2,
    };
    let dir = tempfile::Builder::new()
        .prefix("firn-bench-")
        .tempdir()
        .expect("temp dir");
    let root = dir.path().join("tree");
    let start = Instant::now();
    let (files, bytes) = generate(&root, megabytes * 1_000_000);
    println!(
        "tree: {files} files, {:.1} MB (generated in {:.1?})",
        bytes as f64 / 1e6,
        start.elapsed()
    );

    let mut ours = String::new();
    let firn = test_utils::best_of(ROUNDS, || {
        ours = store::nar::nar_hash(&root).expect("hash").to_nix32()
    });
    let mbps = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!("{:<10} {:>10} {:>12}", "tool", "MB/s", "best round");
    println!("{:<10} {:>10.1} {:>12.2?}", "firn", mbps(firn), firn);

    if !test_utils::program_available("nix-hash", "nix-hash comparison") {
        return;
    }
    let mut theirs = String::new();
    let nix = test_utils::best_of(ROUNDS, || {
        let out = Command::new("nix-hash")
            .args(["--type", "sha256", "--base32"])
            .arg(&root)
            .env("NIX_REMOTE", "dummy://")
            .output()
            .expect("nix-hash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        theirs = String::from_utf8(out.stdout).unwrap().trim().to_string();
    });
    println!("{:<10} {:>10.1} {:>12.2?}", "nix-hash", mbps(nix), nix);
    println!(
        "ratio firn/nix-hash: {:.2}x",
        nix.as_secs_f64() / firn.as_secs_f64()
    );
    assert_eq!(ours, theirs, "firn and nix-hash disagree");
}

/// Writes about `total` bytes: mostly small files (as in source trees) in nested
/// directories, a few large ones, some executables and symlinks. Returns (files, bytes).
fn generate(root: &Path, total: u64) -> (usize, u64) {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut written = 0u64;
    let mut files = 0usize;
    let mut buffer = Vec::new();
    while written < total {
        let dir = root.join(format!("d{}/e{}", files / 400, (files / 20) % 20));
        std::fs::create_dir_all(&dir).unwrap();
        // One file in 200 is large (up to 8 MB), the rest up to 64 KiB.
        let size = if next() % 200 == 0 {
            next() % 8_000_000
        } else {
            next() % 65_536
        };
        let size = size.min(total - written);
        buffer.clear();
        while (buffer.len() as u64) < size {
            buffer.extend_from_slice(&next().to_le_bytes());
        }
        buffer.truncate(size as usize);
        let path = dir.join(format!("f{files}.dat"));
        std::fs::write(&path, &buffer).unwrap();
        if files.is_multiple_of(10) {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        if files.is_multiple_of(50) {
            std::os::unix::fs::symlink(format!("f{files}.dat"), dir.join(format!("l{files}")))
                .unwrap();
        }
        written += size;
        files += 1;
    }
    (files, written)
}
