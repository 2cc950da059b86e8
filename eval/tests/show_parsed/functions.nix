# Formals are printed sorted; `@` and `...` as CppNix shows them.
[
  (x: y: x)
  ({ b, a ? 1, ... }: a)
  (args@{ c, ... }: c)
  ({ d }@args: d)
  ({ ... }: 1)
  ({ }: 2)
]
