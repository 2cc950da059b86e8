x: [ x y (with z; w) map builtins.foo (let inherit q; in q) ]
