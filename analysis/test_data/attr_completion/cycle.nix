let
  a = a.b;
in
a.$0
