#- /ws/lib.nix
# new name: assist
let
  hel$0per = x: x;
in
{
  inherit helper;
}
#- /ws/main.nix
(import ./lib.nix).helper 2
