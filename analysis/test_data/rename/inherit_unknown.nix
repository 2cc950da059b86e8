# new name: hi
{ pkgs }:
let
  inherit (pkgs) hel$0lo;
in
hello
