# Found by the random differential tester: `+` sums floats from 0.0 in CppNix
# (ExprConcatStrings: `nf = 0; nf += …`), so -0.0 + -0.0 is 0; `builtins.add` stays IEEE.
let
  negativeZero = 0 * (0.0 - 0.5);
in
[
  negativeZero
  (negativeZero + negativeZero)
  (builtins.add negativeZero negativeZero)
  (negativeZero + 0)
  (1.5 + negativeZero)
]
