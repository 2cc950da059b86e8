let
  f = x: x.a$0b.c or [ 1 $1 ];
  s = "é$2😀";
in f
