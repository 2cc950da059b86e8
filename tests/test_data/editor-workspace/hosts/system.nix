# The module system the editors' `firn.options` setting names for `hosts/*.nix` (`@CORPUS@`
# is replaced by ../shared/corpus): discovery alone would give them home-manager's options.
let
  lib = import @CORPUS@/nixpkgs-lib/lib;
in
lib.evalModules { modules = [ ./options.nix ]; }
