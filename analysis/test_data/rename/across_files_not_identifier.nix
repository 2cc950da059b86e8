#- /ws/lib.nix
# new name: 2fast
{ gr$0eet = 1; }
#- /ws/main.nix
(import ./lib.nix).greet
