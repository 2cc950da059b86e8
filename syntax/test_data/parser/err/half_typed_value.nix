{ lib, ... }:
{
  extra = 
  foo = lib.mkIf true 1;
  bar = 2;
}
