//! `firn flake show --json` and `firn flake metadata --json` against Nix 2.8 on the same
//! generated flake, in one run: the median of 5 wall times each (alternating), and the
//! ratio. The flake has a `path:` input holding the corpus's nixpkgs lib (2.4 MB, hashed on
//! every run by firn, which keeps no store copy), a small input flake, and 3 systems × 150
//! packages (with descriptions), dev shells and checks that use the inputs. Nix runs with
//! its evaluation cache off (it would otherwise answer a repeated `show` from SQLite).
//! Goal (issue 16): firn ≥ 2x faster.
//!
//! Run: `cargo bench -p firn --bench flake_vs_nix` (needs `nix` on PATH).

use std::path::{Path, PathBuf};
use std::process::Command;

const RUNS: usize = 5;

fn main() {
    if Command::new("nix").arg("--version").output().is_err() {
        println!("flake_vs_nix: skipped (nix is not on PATH)");
        return;
    }
    let corpus = std::env::var_os("FIRN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let tmp = std::env::temp_dir().join(format!("firn-bench-flake-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let root = generate(&tmp, &corpus.join("nixpkgs-lib"));
    let store = tmp.join("store");
    let nix = |args: &[&str]| {
        let mut c = Command::new("nix");
        c.args([
            "--extra-experimental-features",
            "nix-command flakes",
            "--option",
            "eval-cache",
            "false",
            "--store",
        ])
        .arg(&store)
        .args(args)
        .env("HOME", &tmp)
        .env("XDG_CACHE_HOME", tmp.join("cache"));
        c
    };
    run_ok(nix(&["flake", "lock", root.to_str().unwrap()]));
    let firn_bin = env!("CARGO_BIN_EXE_firn");
    println!(
        "{:<28}{:>12}{:>12}{:>10}",
        "work (median of 5)", "firn", "Nix 2.8", "Nix/firn"
    );
    for command in ["show", "metadata"] {
        let mut firn = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..RUNS {
            let mut f = Command::new(firn_bin);
            f.args(["flake", command, "--json"]).arg(&root);
            firn.push(test_utils::time_command(f));
            theirs.push(test_utils::time_command(nix(&[
                "flake",
                command,
                "--json",
                root.to_str().unwrap(),
            ])));
        }
        let (f, n) = (test_utils::median(firn), test_utils::median(theirs));
        let ratio = n.as_secs_f64() / f.as_secs_f64();
        println!(
            "{:<28}{:>9.1} ms{:>9.1} ms{:>9.2}x",
            format!("flake {command} --json"),
            f.as_secs_f64() * 1e3,
            n.as_secs_f64() * 1e3,
            ratio
        );
        println!(
            "goal flake {command}: ≥ 2x Nix 2.8: {}",
            if ratio >= 2.0 { "met" } else { "NOT met" }
        );
    }
    std::fs::remove_dir_all(&tmp).ok();
}

fn generate(tmp: &Path, lib: &Path) -> PathBuf {
    let dep = tmp.join("dep");
    std::fs::create_dir_all(&dep).unwrap();
    std::fs::write(
        dep.join("flake.nix"),
        "{ outputs = { self }: { lib.greeting = \"hello\"; }; }\n",
    )
    .unwrap();
    let root = tmp.join("root");
    std::fs::create_dir_all(&root).unwrap();
    let flake = format!(
        r#"{{
  description = "benchmark flake";
  inputs.dep.url = "path:{dep}";
  inputs.lib.url = "path:{lib}";
  inputs.lib.flake = false;
  outputs = {{ self, dep, lib }}:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "aarch64-darwin" ];
      drv = system: name: derivation {{
        inherit name system;
        builder = "/bin/sh";
        args = [ "-c" "echo ${{dep.lib.greeting}} > $out" ];
        src = lib;
      }} // {{ meta.description = "package ${{name}}"; }};
      perSystem = f: builtins.listToAttrs (map (system: {{ name = system; value = f system; }}) systems);
      many = system: builtins.listToAttrs (builtins.genList (i: {{
        name = "pkg${{toString i}}";
        value = drv system "pkg-${{toString i}}";
      }}) 150);
    in {{
      packages = perSystem many;
      devShells = perSystem (system: {{ default = drv system "shell"; }});
      checks = perSystem (system: {{ test = drv system "check"; }});
      overlays.default = final: prev: {{ }};
      templates.basic = {{ path = ./.; description = "a template"; }};
    }};
}}
"#,
        dep = dep.display(),
        lib = lib.display()
    );
    std::fs::write(root.join("flake.nix"), flake).unwrap();
    root
}

fn run_ok(mut c: Command) {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
