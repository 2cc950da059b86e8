/** Doc. */
{ pkgs, lib ? null, ... }@args:
let
  # a comment
  f = x: x + 1;
  n = 2.5;
  s = "a${toString n}é";
  p = ./foo/bar.nix;
in
rec {
  inherit f;
  a.b = f n;
  c = builtins.map f [ 1 ] ++ pkgs.hello or true;
  d = a ? b && !false;
  e = with lib; x;
}
