{ pkgs, lib ? null, ... }@args:
  pkgs.hello // { inherit lib; all = ar$0gs; }
