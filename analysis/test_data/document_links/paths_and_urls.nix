# Upstream: https://example.org/project (see its README).
{
  a = import ./lib;
  b = import ../other/file.nix;
  patch = ./fix-1.patch;
  abs = /etc/nixos/configuration.nix;
  channel = import <nixpkgs> { };
  home = ~/notes.txt;
  dynamic = ./dir/${name}.nix;
  src = fetchurl { url = "https://example.org/src-${version}.tar.gz"; };
  homepage = https://example.org;
}
