//! The editor tests' workspace (`tests/test_data/editor-workspace/`): a flake with
//! home-manager and nixpkgs' lib from `../shared/corpus` as `path:` inputs (a stub `pkgs`
//! from `../shared/golden/options/gen` stands in for nixpkgs), a package that builds, one
//! that fails, and a dev shell; locked by Nix 2.8. `hosts/` holds modules the editors'
//! `firn.options` setting places in a module system of their own.

use std::path::PathBuf;
use std::process::Command;
use test_utils::nix_daemon::world_writable_dir;

/// The test flake: home-manager and nixpkgs' lib as `path:` inputs, the stub `pkgs`, a
/// home-manager configuration of `home.nix`, a package that builds, one that fails, and a
/// dev shell. Locked with Nix 2.8.
pub fn create(name: &str) -> PathBuf {
    let shared = test_utils::workspace_root().join("../shared");
    let corpus = shared.join("corpus").canonicalize().unwrap();
    let dir = world_writable_dir(name);
    let stub = dir.join("stub");
    test_utils::copy_tree(&shared.join("golden/options/gen"), &stub);
    // `fake-nixpkgs/lib` stands for nixpkgs' lib inside the stub's tree: a copy here.
    let lib_link = stub.join("fake-nixpkgs/lib");
    let _ = std::fs::remove_file(&lib_link);
    let _ = std::fs::remove_dir_all(&lib_link);
    test_utils::copy_tree(&corpus.join("nixpkgs-lib/lib"), &lib_link);
    let flake = include_str!("../../test_data/editor-workspace/flake.nix")
        .replace("@CORPUS@", &corpus.display().to_string());
    std::fs::write(dir.join("flake.nix"), flake).unwrap();
    std::fs::write(
        dir.join("home.nix"),
        include_str!("../../test_data/editor-workspace/home.nix"),
    )
    .unwrap();
    // Modules the `firn.options` setting places (`hosts/*.nix` → `hosts/system.nix`).
    let hosts = dir.join("hosts");
    std::fs::create_dir_all(&hosts).unwrap();
    for (name, text) in [
        (
            "system.nix",
            include_str!("../../test_data/editor-workspace/hosts/system.nix"),
        ),
        (
            "options.nix",
            include_str!("../../test_data/editor-workspace/hosts/options.nix"),
        ),
        (
            "web.nix",
            include_str!("../../test_data/editor-workspace/hosts/web.nix"),
        ),
    ] {
        let text = text.replace("@CORPUS@", &corpus.display().to_string());
        std::fs::write(hosts.join(name), text).unwrap();
    }
    let lock = Command::new("nix")
        .args([
            "--extra-experimental-features",
            "nix-command flakes",
            "flake",
            "lock",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        lock.status.success(),
        "nix flake lock: {}",
        String::from_utf8_lossy(&lock.stderr)
    );
    dir
}
