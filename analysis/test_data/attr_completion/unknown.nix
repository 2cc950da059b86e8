let
  x = f 1;
in
x.$0
