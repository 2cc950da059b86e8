# A development shell with a stand-in for nixpkgs' stdenv: its `setup` (sourced by the
# environment dumpers of firn and Nix alike) defines functions, arrays and awkward values.
let
  system = "x86_64-linux";
  # A directory holding `setup`, copied to the store as a source.
  stdenv = "${./fake-stdenv}";
in
derivation {
  name = "shell";
  inherit system stdenv;
  builder = "/bin/bash";
  outputs = [ "out" ];
  args = [ "-c" "echo > $out" ];
  FOO = "bar baz";
  MULTI = "line1\nline2";
  shellHook = "echo hook-ran; export HOOKVAR=1";
}
