# Undefined names carry the `unresolved` modifier; names a `with` brings in do not.
let f = x: x + missing; in with { y = 1; }; f y
