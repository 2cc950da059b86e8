let
  a = { x = 1; };
  b = a // { y = 2; };
  r = rec { inherit b; z = b; };
in
r.z.$0
