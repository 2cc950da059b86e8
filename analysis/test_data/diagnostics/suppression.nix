let
  # firn: allow(unused-binding)
  quiet = 1;
  loud = 2; # firn: allow(unused-param)
in 0
