# known-difference: reserved output name
# Nix 2.8 refuses this derivation; current Nix allows an output named `drv`. Expected output
# (the `.exp` beside, written from current CppNix's rules, not from firn): the output exists
# and is a store path of the derivation's name and the output's.
let
  d = derivation {
    name = "two-outputs";
    builder = "/bin/sh";
    system = "x86_64-linux";
    outputs = [
      "out"
      "drv"
    ];
  };
in
[
  d.drv.outputName
  (builtins.match "/nix/store/[0-9a-z]{32}-two-outputs-drv" d.drv.outPath != null)
]
