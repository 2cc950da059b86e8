{ lib, ... }:
with lib;
assert isString "x"; assert lib.versionAtLeast lib.version "23.05" || throw "too old, please upgrade";
with { a = 1; }; { inherit a; }
