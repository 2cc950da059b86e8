# known-difference: genericClosure with an empty startSet
# Current CppNix returns an empty start set as it is, without reading `operator`
# (prim_genericClosure: `if (startSetSize == 0) { v = *startSet->value; return; }`);
# Nix 2.8 forced `operator` first, so this threw there.
builtins.genericClosure {
  startSet = [ ];
  operator = throw "operator is never read";
}
