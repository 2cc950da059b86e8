let
  /** Makes a package. */
  mkPkg = { name, version ? "1.0", ... }: name;
in
mkPkg { name = "x"; version = $0; }
