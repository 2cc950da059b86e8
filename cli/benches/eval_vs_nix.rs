//! `firn eval` against Nix 2.8's `nix-instantiate --eval` on the same workloads, in one run:
//! best-of-3 wall time, the ratio, and peak RSS (through `/usr/bin/time` when present).
//!
//! Run: `cargo bench -p firn --bench eval_vs_nix` (set `FIRN_CORPUS` to include nixpkgs
//! lib's `lib/tests/misc.nix`, run on a copy that Nix 2.8 can evaluate too).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const WORKLOADS: &[(&str, &str)] = &[
    (
        "foldl' over 1M ints",
        "builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 1000000)",
    ),
    (
        "fib 25",
        "let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 25",
    ),
    (
        "100k-key attrset: build and look up",
        "let s = builtins.listToAttrs (builtins.genList (i: { name = \"k${toString i}\"; value = i; }) 100000); \
         in builtins.foldl' (acc: i: acc + s.\"k${toString i}\") 0 (builtins.genList (i: i) 100000)",
    ),
    (
        "deep attrset (depth 10,000)",
        "let deep = builtins.foldl' (acc: i: { inner = acc; n = i; }) { } (builtins.genList (i: i) 10000); \
         in (builtins.foldl' (s: _: s.inner) deep (builtins.genList (i: i) 9999)).n",
    ),
];

/// Copies nixpkgs lib for both evaluators, with `builtins.readFileType` (Nix 2.14; current
/// lib calls it unguarded, so Nix 2.8 stops at once) given a fallback built from `readDir`.
/// firn has the builtin, so the fallback is never taken there.
fn copy_lib_for_nix_2_8(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_lib_for_nix_2_8(&entry.path(), &target)?;
        } else if entry.path().extension().is_some_and(|e| e == "nix") {
            let text = std::fs::read_to_string(entry.path())?;
            let text = text.replace(
                "builtins.readFileType",
                "(builtins.readFileType or (p: (builtins.readDir (dirOf p)).${baseNameOf p}))",
            );
            std::fs::write(&target, text)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

struct Measure {
    time: Duration,
    rss_kb: Option<u64>,
    ok: bool,
}

fn measure(program: &str, args: &[String]) -> Measure {
    let mut best = Duration::MAX;
    let mut ok = true;
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new(program)
            .args(args)
            .env("NIX_REMOTE", "dummy://")
            .output()
            .expect("program runs");
        best = best.min(start.elapsed());
        ok &= out.status.success();
    }
    let rss_kb = Path::new("/usr/bin/time").exists().then(|| {
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg(program)
            .args(args)
            .env("NIX_REMOTE", "dummy://")
            .output()
            .expect("time runs");
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
    });
    Measure {
        time: best,
        rss_kb: rss_kb.flatten(),
        ok,
    }
}

fn rss(m: &Measure) -> String {
    m.rss_kb.map_or("n/a".to_string(), |kb| {
        format!("{:.1} MB", kb as f64 / 1024.0)
    })
}

fn main() {
    let firn = env!("CARGO_BIN_EXE_firn");
    let has_nix = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok();
    if !has_nix {
        println!("SKIPPED eval_vs_nix: nix-instantiate is not installed");
    }
    let mut cases: Vec<(String, Vec<String>, Vec<String>)> = WORKLOADS
        .iter()
        .map(|(name, expr)| {
            (
                name.to_string(),
                vec![
                    "eval".into(),
                    "--strict".into(),
                    "-E".into(),
                    expr.to_string(),
                ],
                vec![
                    "--eval".into(),
                    "--strict".into(),
                    "-E".into(),
                    expr.to_string(),
                ],
            )
        })
        .collect();
    // Kept alive until the end: the copy of nixpkgs lib both evaluators read.
    let mut _lib_copy = None;
    match std::env::var_os("FIRN_CORPUS") {
        Some(corpus) => {
            let lib = Path::new(&corpus).join("nixpkgs-lib/lib");
            let dir = tempfile::tempdir().expect("temporary directory");
            copy_lib_for_nix_2_8(&lib, &dir.path().join("lib")).expect("copy nixpkgs lib");
            let path = dir.path().join("lib/tests/misc.nix").display().to_string();
            cases.push((
                "nixpkgs lib tests/misc.nix".into(),
                vec!["eval".into(), "--strict".into(), path.clone()],
                vec!["--eval".into(), "--strict".into(), path],
            ));
            _lib_copy = Some(dir);
        }
        None => println!("SKIPPED misc.nix workload: FIRN_CORPUS is not set"),
    }
    println!(
        "{:<38} {:>10} {:>10} {:>8} {:>10} {:>10}",
        "workload", "firn", "nix 2.8", "ratio", "firn RSS", "nix RSS"
    );
    for (name, firn_args, nix_args) in &cases {
        let f = measure(firn, firn_args);
        if !has_nix {
            println!("{name:<38} {:>8.1}ms", f.time.as_secs_f64() * 1e3);
            continue;
        }
        let n = measure("nix-instantiate", nix_args);
        let ratio = n.time.as_secs_f64() / f.time.as_secs_f64();
        let note = match (f.ok, n.ok) {
            (true, true) => "",
            (false, _) => "  (firn failed)",
            (_, false) => "  (nix failed)",
        };
        println!(
            "{name:<38} {:>8.1}ms {:>8.1}ms {:>7.2}x {:>10} {:>10}{note}",
            f.time.as_secs_f64() * 1e3,
            n.time.as_secs_f64() * 1e3,
            ratio,
            rss(&f),
            rss(&n),
        );
    }
    println!("(ratio = nix time / firn time: above 1 means firn is faster)");
}
