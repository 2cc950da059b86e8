#- /ws/lib.nix
{
  gr$0eet = n: n;
}
#- /ws/main.nix
let
  salute = 0;
in
(import ./lib.nix).greet (with import ./lib.nix; greet salute)
