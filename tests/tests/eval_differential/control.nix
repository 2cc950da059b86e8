[
  (builtins.tryEval (throw "x")) (builtins.tryEval (assert false; 1)) (builtins.tryEval 42)
  (builtins.seq 1 2) (builtins.deepSeq [ 1 2 ] "ok") (let x = 1; in with { x = 2; y = 3; }; x + y)
  (with { a = 1; }; with { a = 2; b = 1; }; a + b)
  (if true then "yes" else "no") (true -> false) (false || true) (true && false) (!true)
  (builtins.getEnv "FIRN_SURELY_UNSET_VARIABLE")
]
