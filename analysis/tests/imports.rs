//! The cross-file graph: `import`, `callPackage` and `imports = [ ]` edges, with directories
//! resolved to their `default.nix`.

use analysis::AnalysisHost;
use std::path::{Path, PathBuf};

#[test]
fn import_edges_are_resolved() {
    let mut host = AnalysisHost::default();
    host.set_file_text(
        Path::new("/w/flake.nix"),
        r#"{ pkgs }: {
          a = import ./lib.nix;
          b = pkgs.callPackage ./pkgs/tool { };
          c = builtins.import ../other/x.nix;
          d = import (./. + "/dyn.nix");
          e = import <nixpkgs>;
          module = { imports = [ ./modules/one.nix ./modules ]; };
        }"#
        .to_string(),
    );
    host.set_file_text(Path::new("/w/lib.nix"), "{ }".to_string());
    let mut edges = host.analysis().import_graph().unwrap();
    edges.sort();
    let from = PathBuf::from("/w/flake.nix");
    let expected: Vec<(PathBuf, PathBuf)> = [
        "/other/x.nix",
        "/w/lib.nix",
        "/w/modules/default.nix",
        "/w/modules/one.nix",
        "/w/pkgs/tool/default.nix",
    ]
    .iter()
    .map(|t| (from.clone(), PathBuf::from(t)))
    .collect();
    assert_eq!(edges, expected);
}
