{
  lib = import ./li$0b.nix;
  imports = [ ./modules ];
}
