#- /ws/default.nix
{ pkgs ? import <nixpkgs> { } }:
with pkgs;
rec {
  hello = stdenv.mkDerivation (finalAttrs: { pname = "hello"; });
  raw = derivation { name = "raw"; system = "x"; builder = "/bin/sh"; };
  shell = mkShell { packages = [ hello ]; };
  nested.tool = pkgs.stdenv.mkDerivation { name = "tool"; };
  notBuildable = lib.id 1;
  ${"dyn"} = derivation { };
  fromLet =
    let
      inner = derivation { name = "inner"; };
    in
    inner;
}
