let
  x$0 = 1;
  y = 2;
in
y
