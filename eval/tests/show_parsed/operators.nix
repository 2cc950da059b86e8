# Arithmetic and comparisons are calls of builtins; `+` concatenates; the rest are kept.
[
  (1 + 2 + 3)
  (a - b * c / d)
  (-x)
  (-1)
  (a < b) (a > b) (a <= b) (a >= b)
  (a == b) (a != b) (!a && b || c -> d)
  (a ++ b // c)
  (x ? a.b.c)
  (x ? ${y})
  ((a - b) c)
]
