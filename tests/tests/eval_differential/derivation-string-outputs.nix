# Without structured attributes, `outputs` is coerced to a string and split at whitespace
# (CppNix's derivationStrictInternal): a string of names works as well as a list.
let
  d = builtins.derivationStrict {
    name = "foo";
    builder = "x";
    system = "x";
    outputs = "out  dev";
    # False: an ordinary attribute (true needs the ca-derivations feature).
    __contentAddressed = false;
  };
  l = builtins.derivationStrict {
    name = "foo";
    builder = "x";
    system = "x";
    outputs = [ "out" "dev" ];
  };
in
[
  (builtins.attrNames d)
  d.dev
  d.drvPath
  (d == l)
]
