#- /ws/lib.nix
# new name: salute
{
  gr$0eet = name: "hello ${name}";
}
#- /ws/main.nix
let
  lib = import ./lib.nix;
  inherit (lib) greet;
in
{
  a = lib.greet "a";
  b = greet "b";
  c = with lib; greet "c";
}
