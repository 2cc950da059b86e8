[ ./a /nix/store ~/foo a/b ./a${b}/c ./${x} ~/${y} <nixpkgs> <nixpkgs/lib> ../x.nix ]
