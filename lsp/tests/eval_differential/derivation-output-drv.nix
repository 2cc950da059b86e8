# known-difference: reserved output name
(derivation {
  name = "two-outputs";
  builder = "/bin/sh";
  system = "x86_64-linux";
  outputs = [ "out" "drv" ];
}).drv.outPath
