#- /ws/lib.nix
# new name: salute
{
  gr$0eet = name: "hello ${name}";
}
#- /ws/main.nix
let
  lib = import ./lib.nix;
  salute = "already here";
in
with lib; [ greet salute ]
