#- /ws/main.nix
let
  lib = import ./lib;
in
lib.gr$0eet "a"
#- /ws/lib/default.nix
rec {
  greet = name: "hello ${name}";
  twice = greet (greet "x");
}
