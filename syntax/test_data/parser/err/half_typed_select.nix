{ lib, ... }:
let
  foo = lib.
  bar = 2;
in
{ inherit foo bar; }
