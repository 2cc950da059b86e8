builtins.foldl' (a: b: a + b) $0
