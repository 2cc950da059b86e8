//! `firn flake show --json` and `firn flake metadata --json` against Nix 2.8, on seeded
//! generated flakes: a root (a plain directory, or a git work tree, clean or dirty) whose
//! inputs are `path:` and `git+file:` flakes, nested inputs, `follows`, `flake = false`
//! sources, and outputs of every standard kind. Nix locks each root first (`nix flake
//! lock`); then both print. One output is a derivation whose name hashes what the flake sees
//! of itself and its inputs (`outPath`, `narHash`, `rev`, `revCount`, `lastModified(Date)`,
//! the inputs' own outputs through `follows`, a file read from a non-flake input), so equal
//! JSON means equal evaluation of all of that (but `_type = "flake"`, which current Nix
//! and firn set and Nix 2.8 does not). Skips visibly when Nix is not installed.

use std::path::Path;
use std::process::Command;
use test_utils::random::Rng;

const CASES: u64 = 16;

/// Runs `program` and returns its standard output, failing on a non-zero exit.
fn run(program: &str, args: &[&str], dir: &Path, home: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("NIX_PATH")
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("NIX_STORE_DIR", "/nix/store")
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{program} {args:?} in {} failed: {stderr}",
        dir.display()
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn nix(args: &[&str], dir: &Path, home: &Path) -> String {
    let store = home.join("store");
    let mut all = vec![
        "--extra-experimental-features",
        "nix-command flakes",
        "--store",
        store.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    run("nix", &all, dir, home)
}

fn git(args: &[&str], dir: &Path, home: &Path, date: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {:?}", out);
}

fn commit(dir: &Path, home: &Path, rng: &mut Rng) {
    let date = format!("{} +0000", 1_500_000_000 + rng.below(200_000_000));
    git(&["init", "-q"], dir, home, &date);
    git(&["add", "-A"], dir, home, &date);
    git(&["commit", "-q", "-m", "c"], dir, home, &date);
    if rng.chance(50) {
        // A second commit: revCount 2.
        std::fs::write(dir.join("more.txt"), rng.below(1000).to_string()).unwrap();
        git(&["add", "-A"], dir, home, &date);
        git(&["commit", "-q", "-m", "c2"], dir, home, &date);
    }
}

/// An input flake's URL: `path:` or (committed) `git+file:`.
fn make_input(dir: &Path, home: &Path, rng: &mut Rng, flake: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("flake.nix"), flake).unwrap();
    std::fs::write(
        dir.join("data.txt"),
        format!("data {}", rng.below(1_000_000)),
    )
    .unwrap();
    if rng.chance(50) {
        commit(dir, home, rng);
        format!("git+file://{}", dir.display())
    } else {
        format!("path:{}", dir.display())
    }
}

const KINDS: &[&str] = &[
    r#"packages.x86_64-linux.hello = drv "hello-1.0" // { meta.description = "says hello"; };"#,
    r#"packages.aarch64-darwin.default = drv "default";"#,
    r#"apps.x86_64-linux.default = { type = "app"; program = "/bin/sh"; };"#,
    r#"devShells.x86_64-linux.default = drv "shell";"#,
    r#"checks.x86_64-linux.test = drv "check";"#,
    r#"nixosConfigurations.host = { config = throw "a configuration is not evaluated"; };"#,
    r#"nixosModules.default = { ... }: { };"#,
    r#"overlays.default = final: prev: { };"#,
    r#"formatter.x86_64-linux = drv "fmt";"#,
    r#"templates.basic = { path = ./.; description = "a template"; };"#,
    r#"lib.never = throw "lib is not evaluated";"#,
    r#"hydraJobs.build.x86_64-linux = drv "job"; hydraJobs.top = drv "top";"#,
    r#"legacyPackages.x86_64-linux.thing = drv "legacy";"#,
    r#"defaultPackage.x86_64-linux = drv "old-default";"#,
    r#"devShell.x86_64-linux = drv "old-shell";"#,
    r#"overlay = final: prev: { };"#,
    r#"nixosModule = { ... }: { };"#,
    r#"defaultTemplate = { path = ./.; description = "old template"; };"#,
    r#"custom.anything = 1;"#,
];

/// Writes one workspace; returns the root flake's directory.
fn generate(ws: &Path, home: &Path, rng: &mut Rng) -> std::path::PathBuf {
    let leaf = format!(
        "{{ outputs = {{ self }}: {{ lib.marker = \"d{}\"; }}; }}\n",
        rng.below(1000)
    );
    let d_url = make_input(&ws.join("d"), home, rng, &leaf);
    let a = format!(
        "{{ inputs.d.url = \"{d_url}\"; outputs = {{ self, d }}: {{ lib.marker = \"a{}\"; lib.d = d.lib.marker; }}; }}\n",
        rng.below(1000)
    );
    let a_url = make_input(&ws.join("a"), home, rng, &a);
    let b = format!(
        "{{ description = \"b\"; inputs.d.url = \"{d_url}\"; outputs = {{ self, d }}: {{ lib.marker = \"b{}\"; lib.d = d.lib.marker; }}; }}\n",
        rng.below(1000)
    );
    let b_url = make_input(&ws.join("b"), home, rng, &b);
    let c_url = make_input(&ws.join("c"), home, rng, "not a flake\n");

    let mut inputs = vec![format!("a.url = \"{a_url}\";")];
    let mut names = vec!["a"];
    if rng.chance(70) {
        inputs.push(format!("b.url = \"{b_url}\";"));
        names.push("b");
        if rng.chance(60) {
            inputs.push("b.inputs.d.follows = \"a/d\";".into());
        }
    }
    if rng.chance(70) {
        inputs.push(format!("c = {{ url = \"{c_url}\"; flake = false; }};"));
        names.push("c");
    }
    let mut outputs: Vec<&str> = KINDS.iter().copied().filter(|_| rng.chance(45)).collect();
    if outputs.is_empty() {
        outputs.push(KINDS[0]);
    }
    let root_text = format!(
        r#"{{
  description = "root {marker}";
  inputs = {{ {inputs} }};
  outputs = {{ self, ... }}@inputs:
    let
      drv = name: derivation {{ inherit name; system = "x86_64-linux"; builder = "/bin/sh"; }};
      seen = i: [ i.outPath i.narHash (i.rev or "") (i.shortRev or "") (i.revCount or 0)
        (i.lastModified or 0) (i.lastModifiedDate or "") (i.lib.marker or "") (i.lib.d or "")
        (names i) ];
      # Current Nix marks a flake `_type = "flake"` (as firn does); Nix 2.8 does not.
      names = i: builtins.filter (n: n != "_type") (builtins.attrNames i);
      data = {{
        self = seen self;
        inputs = map (n: seen inputs.${{n}}) [ {names} ];
        c = if inputs ? c then builtins.readFile "${{inputs.c}}/data.txt" else "";
      }};
      tag = builtins.substring 0 12 (builtins.hashString "sha256" (builtins.toJSON data));
    in
    {{
      packages.x86_64-linux.seen = drv "seen-${{tag}}";
      {outputs}
    }};
}}
"#,
        marker = rng.below(1000),
        inputs = inputs.join(" "),
        names = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(" "),
        outputs = outputs.join("\n      "),
    );
    let root = ws.join("root");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("flake.nix"), root_text).unwrap();
    std::fs::write(root.join("notes.txt"), "root").unwrap();
    nix(&["flake", "lock", root.to_str().unwrap()], ws, home);
    if rng.chance(50) {
        commit(&root, home, rng);
        if rng.chance(50) {
            // Dirty: a tracked file changed, an untracked file added.
            std::fs::write(root.join("notes.txt"), "changed").unwrap();
            std::fs::write(root.join("untracked.txt"), "x").unwrap();
        }
    }
    root
}

#[test]
fn generated_flakes_show_and_metadata_like_nix() {
    if !test_utils::program_available("nix", "generated_flakes_show_and_metadata_like_nix") {
        return;
    }
    let firn = test_utils::firn_binary();
    let firn = firn.to_str().unwrap();
    for case in 0..CASES {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let ws = tmp.path().join("ws");
        let mut rng = Rng::new(1_600 + case);
        let root = generate(&ws, &home, &mut rng);
        let root = root.to_str().unwrap();
        for command in ["metadata", "show"] {
            let theirs = nix(&["flake", command, "--json", root], &ws, &home);
            let ours = run(firn, &["flake", command, "--json", root], &ws, &home);
            let theirs: serde_json::Value = serde_json::from_str(&theirs).unwrap();
            let ours: serde_json::Value = serde_json::from_str(&ours)
                .unwrap_or_else(|e| panic!("case {case}: firn printed no JSON ({e}): {ours}"));
            assert_eq!(
                ours,
                theirs,
                "case {case}: `flake {command} --json {root}` differs\nflake.nix:\n{}",
                std::fs::read_to_string(Path::new(root).join("flake.nix")).unwrap()
            );
        }
    }
}
