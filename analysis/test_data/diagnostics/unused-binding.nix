let
  used = 1;
  unused = 2;
  selfish = x: selfish x;
  _ignored = 3;
  inherit (builtins) map head;
in used + map
