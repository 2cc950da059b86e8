# Builtins taking a function force it first, even when the list is empty (CppNix's
# prim_foldlStrict and prim_zipAttrsWith).
{
  foldlThrowingFunction = builtins.tryEval (builtins.foldl' (throw "f") 1 [ ]);
  foldlThrowingFunctionAndList = builtins.tryEval (builtins.foldl' (throw "f") 1 (throw "l"));
  foldlEmpty = builtins.foldl' (a: b: a) 7 [ ];
  zipThrowingFunction = builtins.tryEval (builtins.zipAttrsWith (throw "f") [ ]);
  zipEmpty = builtins.zipAttrsWith (n: v: v) [ ];
  zip = builtins.zipAttrsWith (n: v: v) [ { a = 1; } { a = 2; b = 3; } ];
}
