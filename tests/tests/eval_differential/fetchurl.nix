# Nix's built-in `<nix/fetchurl.nix>`: the derivation each form of hash gives.
let
  fetch = import <nix/fetchurl.nix>;
in
map (args: (fetch args).drvPath) [
  {
    url = "https://example.com/a.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  }
  {
    url = "https://example.com/a";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    executable = true;
  }
  {
    url = "https://example.com/a";
    md5 = "d41d8cd98f00b204e9800998ecf8427e";
    name = "x";
    unpack = true;
  }
  {
    url = "https://example.com/b";
    sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
  }
]
