[ ./a.nix ../b /abs/path ~/home <nixpkgs> <nixpkgs/lib> ./dir/${name}.nix ]
