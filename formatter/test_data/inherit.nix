{
  inherit a;
  inherit a b c;
  inherit a b c d e;
  inherit (lib) mkOption types;
  inherit (lib.strings) concatStringsSep concatMapStringsSep optionalString escapeShellArg;
  inherit
    x y;
  inherit "quoted" ${"dyn"};
}
