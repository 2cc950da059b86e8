#- /ws/lib.nix
{
  gr$0eet = name: "hello ${name}";
  other = 1;
}
#- /ws/main.nix
let
  lib = import ./lib.nix;
in
{
  a = lib.greet "a";
  b = (import ./lib.nix).greet "b";
  c = lib ? greet;
  d = with lib; greet "d";
  e = lib.other;
}
#- /ws/copy.nix
let
  inherit (import ./lib.nix) greet;
in
greet "c"
#- /ws/unrelated.nix
{ lib }: lib.greet "not known: a parameter"
