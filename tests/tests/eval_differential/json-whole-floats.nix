# known-difference: whole floats in toJSON
builtins.toJSON [ 1.0 2.5 100.0 ]
