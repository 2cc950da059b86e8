let
  f = { a, b ? a + 1, ... }@args: a + b + builtins.length (builtins.attrNames args);
  curry = a: b: c: a * b + c;
  fix = f: let x = f x; in x;
  fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
  functor = { __functor = self: x: self.base + x; base = 10; };
in [
  (f { a = 1; }) (f { a = 1; b = 5; c = 0; }) (curry 2 3 4) ((curry 2) 3 5)
  (fix (self: { a = 1; b = self.a + 1; })).b (fib 15) (functor 5)
  (builtins.isFunction f) (builtins.typeOf f) (builtins.typeOf functor)
]
