//! The home-manager option index against Nix 2.8 producing the same list: `firn options
//! --json` on the golden expression's module set vs `nix-instantiate --eval --strict --json`
//! of `../shared/golden/options/gen/home-manager.nix`, cold processes, the median of 5 wall
//! times each (alternating), and the ratio. Goal (issue 17): firn ≥ 2x faster.
//!
//! Run: `cargo bench -p firn --bench options_vs_nix` (needs `nix-instantiate` on PATH).

use std::path::Path;
use std::process::Command;

const RUNS: usize = 5;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let golden = shared.join("golden/options");
    if !golden.is_dir() {
        println!("options_vs_nix: skipped (no ../shared/golden/options)");
        return;
    }
    if Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("options_vs_nix: skipped (nix-instantiate is not on PATH)");
        return;
    }
    let shared = shared.canonicalize().unwrap();
    let hm = shared.join("corpus/home-manager");
    let lib = shared.join("corpus/nixpkgs-lib/lib");
    // The gen/ files, with `fake-nixpkgs/lib` linked by its absolute path (the shared copy
    // may hold the link as a file).
    let tmp = std::env::temp_dir().join(format!("firn-bench-options-{}", std::process::id()));
    test_utils::copy_tree(&golden.join("gen"), &tmp);
    let link = tmp.join("fake-nixpkgs/lib");
    std::fs::remove_file(&link).ok();
    std::os::unix::fs::symlink(&lib, &link).unwrap();
    let entry = tmp.join("firn-home-manager.nix");
    std::fs::write(
        &entry,
        format!(
            "let\n  lib0 = import ./lib-compat.nix {{ libPath = {lib}; }};\n  lib = import {hm}/modules/lib/stdlib-extended.nix lib0;\n  pkgs = import ./fake-pkgs.nix {{ lib = lib0; system = \"x86_64-linux\"; }};\n  modules = import {hm}/modules/modules.nix {{ inherit lib pkgs; minimal = false; check = false; useNixpkgsModule = false; }};\n  eval = lib.evalModules {{ modules = modules ++ [ {{ _module.args.pkgs = lib.mkForce pkgs; _module.check = false; }} ]; class = \"homeManager\"; }};\nin {{ inherit lib; options = eval.options; }}\n",
            lib = lib.display(),
            hm = hm.display()
        ),
    )
    .unwrap();
    let nix_expr = format!(
        "import ./home-manager.nix {{ hmPath = {}; libPath = {}; }}",
        hm.display(),
        lib.display()
    );
    let mut firn_times = Vec::new();
    let mut nix_times = Vec::new();
    for _ in 0..RUNS {
        let mut firn = Command::new(env!("CARGO_BIN_EXE_firn"));
        firn.args(["options", "--json", "--file"]).arg(&entry);
        firn_times.push(test_utils::time_command(firn));
        let mut nix = Command::new("nix-instantiate");
        nix.args(["--eval", "--strict", "--json", "-E", &nix_expr])
            .current_dir(&tmp)
            .env("NIX_REMOTE", "dummy://");
        nix_times.push(test_utils::time_command(nix));
    }
    let (f, n) = (
        test_utils::median(firn_times),
        test_utils::median(nix_times),
    );
    let ratio = n.as_secs_f64() / f.as_secs_f64();
    println!(
        "{:<40}{:>10}{:>10}{:>10}",
        "home-manager options → JSON (median 5)", "firn", "Nix 2.8", "Nix/firn"
    );
    println!(
        "{:<40}{:>8.2} s{:>8.2} s{:>9.2}x",
        "7,564 options",
        f.as_secs_f64(),
        n.as_secs_f64(),
        ratio
    );
    println!(
        "goal ≥ 2x Nix 2.8: {}",
        if ratio >= 2.0 { "met" } else { "NOT met" }
    );
    std::fs::remove_dir_all(&tmp).ok();
}
