# Calls are flattened, even through parentheses; selects parenthesise what they select from.
[
  (f a b c)
  ((f a) b)
  (x.a.b)
  (x.a or y)
  (x."quoted name".${dyn})
  (x.${"static"})
  (f x.y or z)
  __curPos
]
