#- /ws/lib.nix
let
  hel$0per = x: x;
in
{
  inherit helper;
  used = helper 1;
}
#- /ws/main.nix
(import ./lib.nix).helper 2
