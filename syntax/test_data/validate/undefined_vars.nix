x: [ x y builtins.map map __toJSON toJSON __curPos (with z; q) ]
