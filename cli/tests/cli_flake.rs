//! `firn flake` and `builtins.getFlake` where Nix is not the reference: what firn refuses to
//! do (fetch, lock, write) is an error that says what to run instead, and nothing is
//! written. Agreement with Nix 2.8 is `tests/tests/flake_differential.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn firn(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("firn runs")
}

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    test_utils::scratch_dir(&format!("flake-{name}"), files)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_input_missing_from_the_lock_says_to_lock_and_nothing_is_written() {
    let dir = scratch(
        "unlocked",
        &[
            ("dep/flake.nix", "{ outputs = { self }: { }; }\n"),
            (
                "root/flake.nix",
                "{ inputs.dep.url = \"path:../dep\"; outputs = { self, dep }: { }; }\n",
            ),
        ],
    );
    let root = dir.join("root");
    for command in ["show", "metadata"] {
        let out = firn(&["flake", command, "."], &root);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("nix flake lock"), "{stderr}");
    }
    assert_eq!(listing(&root), ["flake.nix"]);
}

#[test]
fn a_locked_input_not_on_this_machine_names_it_and_says_how_to_fetch_it() {
    let lock = r#"{
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1700000000,
        "narHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "owner": "NixOS", "repo": "nixpkgs",
        "rev": "0000000000000000000000000000000000000000",
        "type": "github"
      },
      "original": { "owner": "NixOS", "repo": "nixpkgs", "type": "github" }
    },
    "root": { "inputs": { "nixpkgs": "nixpkgs" } }
  },
  "root": "root",
  "version": 7
}"#;
    let dir = scratch(
        "remote",
        &[
            (
                "flake.nix",
                "{ inputs.nixpkgs.url = \"github:NixOS/nixpkgs\"; outputs = { self, nixpkgs }: { lib.v = nixpkgs.lib.version; }; }\n",
            ),
            ("flake.lock", lock),
        ],
    );
    // Metadata needs no input; evaluating one that is not here is the error.
    let meta = firn(&["flake", "metadata", "--json", "."], &dir);
    assert_eq!(meta.status.code(), Some(0), "{:?}", meta);
    let out = firn(
        &[
            "eval",
            "--strict",
            "-E",
            &format!("(builtins.getFlake \"{}\").lib.v", dir.display()),
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("github:NixOS/nixpkgs/0000000000000000000000000000000000000000"),
        "{stderr}"
    );
    assert!(stderr.contains("nix flake archive"), "{stderr}");
}

#[test]
fn get_flake_reads_a_path_flake_from_its_directory() {
    let dir = scratch(
        "getflake",
        &[
            (
                "dep/flake.nix",
                "{ outputs = { self }: { lib.answer = 42; }; }\n",
            ),
            (
                "root/flake.nix",
                "{ outputs = { self }: { v = builtins.readFile ./data.txt; }; }\n",
            ),
            ("root/data.txt", "from the source"),
        ],
    );
    let out = firn(
        &[
            "eval",
            "--strict",
            "-E",
            &format!(
                "let f = builtins.getFlake \"{}\"; in [ f.v (builtins.substring 0 11 f.outPath) f.sourceInfo.narHash ]",
                dir.join("root").display()
            ),
        ],
        &dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert!(
        stdout.starts_with("[ \"from the source\" \"/nix/store/\" \"sha256-"),
        "{stdout}"
    );
    let relative = firn(&["eval", "-E", "builtins.getFlake \"./root\""], &dir);
    assert!(
        String::from_utf8_lossy(&relative.stderr).contains("is not an absolute path"),
        "{relative:?}"
    );
}
