# known-difference: sort of an empty list
# Current CppNix's prim_sort (src/libexpr/primops.cc, NixOS/nix 88b09c64) forces the list,
# returns it when it is empty, and only then forces the comparator; Nix 2.8 forced the
# comparator first.
[
  (builtins.sort (throw "never forced") [ ])
  (builtins.length (builtins.sort builtins.lessThan [ ]))
  (builtins.sort builtins.lessThan [ 3 1 2 ])
  (builtins.tryEval (builtins.sort (throw "forced") [ 1 ])).success
]
