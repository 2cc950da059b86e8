let
  lib = { mkIf = 1; mkOption = 2; };
in
with lib; m$0
