#- /ws/main.nix
let
  lib = import ./lib;
in
lib.strings.$0
#- /ws/lib/default.nix
{ pkgs ? null }:
let
  strings = import ./strings.nix;
in
{
  inherit strings;
  version = "1";
}
#- /ws/lib/strings.nix
{
  concat = a: b: a + b;
  trim = s: s;
}
