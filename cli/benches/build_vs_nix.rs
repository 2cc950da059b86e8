//! `firn build` and `firn print-dev-env` against Nix 2.8 through the same private daemon
//! (`test_utils::nix_daemon`, root and Debian's nix-bin), in one run: medians of 5 wall
//! times (alternating) and the ratio, for a chain of 50 trivial derivations built from
//! scratch (each run a new salt, so each tool builds its own 50), the same build once it
//! is built, and the environment of an unchanged dev shell. Goals (issue 18): firn's wall
//! time ≤ Nix's on both builds; a cached dev environment in ≤ 50 ms.
//!
//! Run: `cargo bench -p firn --bench build_vs_nix`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use test_utils::nix_daemon::{inside_daemon, rerun_under_daemon, world_writable_dir};
use test_utils::{median, time_command};

const RUNS: usize = 5;

const CHAIN: &str = r#"{ salt ? "" }:
builtins.foldl' (prev: i: derivation {
  name = "chain-${toString i}";
  system = "x86_64-linux";
  builder = "/bin/sh";
  args = [ "-c" "echo ${salt} ${toString prev} > $out" ];
}) "" (builtins.genList (i: i) 50)
"#;

const SHELL: &str = r#"derivation {
  name = "shell";
  system = "x86_64-linux";
  builder = "/bin/bash";
  outputs = [ "out" ];
  args = [ "-c" "echo > $out" ];
  FOO = "bar";
}
"#;

fn main() {
    if !inside_daemon() {
        if let Some(output) = rerun_under_daemon("build_vs_nix", &[]) {
            print!("{}", String::from_utf8_lossy(&output.stdout));
            if !output.status.success() {
                eprint!("{}", String::from_utf8_lossy(&output.stderr));
            }
        }
        return;
    }
    let dir = world_writable_dir("bench-build");
    std::fs::write(dir.join("chain.nix"), CHAIN).unwrap();
    std::fs::write(dir.join("shell.nix"), SHELL).unwrap();
    let firn_bin = env!("CARGO_BIN_EXE_firn");
    let command = |program: &str, args: &[&str]| {
        let mut c = Command::new(program);
        c.args(args).current_dir(&dir);
        c
    };
    println!(
        "{:<40}{:>12}{:>12}{:>10}",
        "work (median of 5)", "firn", "Nix 2.8", "Nix/firn"
    );
    let mut salt = 0;
    let mut fresh = |program: &str, verb: &[&str]| {
        salt += 1;
        let s = format!("s{salt}");
        let mut args = verb.to_vec();
        args.extend(["-f", "chain.nix", "--argstr", "salt", &s, "--no-link"]);
        time_command(command(program, &args))
    };
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(fresh(firn_bin, &["build"]));
        theirs.push(fresh("nix", &["build"]));
    }
    row(
        "build: 50-derivation chain",
        ours,
        theirs,
        "≤ Nix's wall time",
        1.0,
    );

    let built = ["-f", "chain.nix", "--argstr", "salt", "s1", "--no-link"];
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(time_command(command(
            firn_bin,
            &[&["build"][..], &built].concat(),
        )));
        theirs.push(time_command(command(
            "nix",
            &[&["build"][..], &built].concat(),
        )));
    }
    row(
        "build: already built",
        ours,
        theirs,
        "≤ Nix's wall time",
        1.0,
    );

    let shell = ["print-dev-env", "--json", "-f", "shell.nix"];
    // Once each, so both environments are built before the timed runs.
    time_command(command(firn_bin, &shell));
    time_command(command("nix", &shell));
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(time_command(command(firn_bin, &shell)));
        theirs.push(time_command(command("nix", &shell)));
    }
    let firn_env = median(ours.clone());
    row(
        "print-dev-env: unchanged shell",
        ours,
        theirs,
        "≤ 50 ms",
        0.0,
    );
    println!(
        "goal cached dev environment ≤ 50 ms: {}",
        if firn_env <= Duration::from_millis(50) {
            "met"
        } else {
            "NOT met"
        }
    );
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}

fn row(work: &str, ours: Vec<Duration>, theirs: Vec<Duration>, goal: &str, min_ratio: f64) {
    let (f, n) = (median(ours), median(theirs));
    let ratio = n.as_secs_f64() / f.as_secs_f64();
    println!(
        "{:<40}{:>9.1} ms{:>9.1} ms{:>9.2}x",
        work,
        f.as_secs_f64() * 1e3,
        n.as_secs_f64() * 1e3,
        ratio
    );
    if min_ratio > 0.0 {
        let met = if ratio >= min_ratio { "met" } else { "NOT met" };
        println!("goal {work}: {goal}: {met}");
    }
}
