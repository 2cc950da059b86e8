let
  pkgs = { hello = 1; git = 2; };
in
{ inherit (pkgs) hello $0; }
