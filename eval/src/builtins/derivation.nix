# `derivation`: calls `derivationStrict` for the paths, then returns the first output's
# attribute set, each output holding the original attributes, its own `outPath`, and the
# others by name (the shape nixpkgs relies on).
drvAttrs@{
  outputs ? [ "out" ],
  ...
}:
let
  strict = derivationStrict drvAttrs;
  outputAttrs = map (name: {
    inherit name;
    value = shared // {
      outPath = builtins.getAttr name strict;
      drvPath = strict.drvPath;
      type = "derivation";
      outputName = name;
    };
  }) outputs;
  shared = drvAttrs // builtins.listToAttrs outputAttrs // {
    all = map (o: o.value) outputAttrs;
    inherit drvAttrs;
  };
in
(builtins.head outputAttrs).value
