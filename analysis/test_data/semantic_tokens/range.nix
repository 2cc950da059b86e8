let
  a = 1;
  $0b = a;$1
  c = 3;
in b
