let
  mkPkg = { name, version ? "1.0" }: name;
in
mkPkg { $0 }
