[
  (builtins.toJSON { a = [ 1 2.5 "s" null true ]; "b c" = { }; n = -3; e = 1.0e20; })
  (builtins.fromJSON ''{"x": [1, 2.5, "y", null, false], "z": {"w": -1}}'')
  (builtins.toXML { a = 1; b = [ "x" ]; })
  (builtins.fromTOML ''
    a = 1
    [t]
    b = "c"
    arr = [1, 2]
  '')
]
