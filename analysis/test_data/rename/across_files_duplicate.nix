#- /ws/main.nix
let
  lib = import ./lib.nix;
in
lib.gr$0eet
#- /ws/lib.nix
# new name: other
{
  greet = 1;
  other = 2;
}
