# Found by the random differential tester: sets of one size compare name and value together
# in order (CppNix's eqValues), so a value before the first differing name is forced.
[
  ({ a = 0; } == { a = throw "not forced: sizes differ"; b = 1; })
  (builtins.tryEval ({ a = 0; z = 1; } == { a = throw "forced"; b = 1; })).success
  ({ b = 1; z = 0; } == { a = 1; z = 0; })
]
