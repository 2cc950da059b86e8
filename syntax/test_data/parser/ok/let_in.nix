let
  a = 1;
  inherit (b) c "d";
  inherit e;
  f.g = 2;
in a
