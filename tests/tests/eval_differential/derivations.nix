let
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; };
  multi = derivation { name = "multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; inherit dep; };
  fixed = derivation { name = "fixed"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; outputHashMode = "recursive"; };
  file = builtins.toFile "hello.txt" "hello ${dep}";
in [
  dep.drvPath dep.outPath multi.dev.outPath multi.drvPath fixed.outPath file
  (builtins.getContext "${dep}") (builtins.hasContext "${multi.dev}")
  (builtins.unsafeDiscardStringContext "${dep}")
]
