# Derivations `firn build` and `nix build` both build in the build tests: only `/bin/sh`
# and `/bin/bash` exist in the sandbox (no nixpkgs), so the builders use shell built-ins.
let
  system = "x86_64-linux";
  sh = script: [ "-c" script ];
  # `cat` without coreutils.
  show = file: ''while IFS= read -r l || [ -n "$l" ]; do echo "$l"; done < ${file}'';
  dep = derivation {
    name = "dep-a-2";
    inherit system;
    builder = "/bin/sh";
    args = sh "echo building a; echo a > $out";
  };
  note = builtins.toFile "note.txt" "a note\n";
  filtered = builtins.filterSource (p: t: baseNameOf p != "skip") ./dir;
  named = builtins.path {
    path = ./src.txt;
    name = "named-src";
  };
in
rec {
  ok = derivation {
    name = "demo-ok-2";
    inherit system;
    builder = "/bin/sh";
    outputs = [ "out" "dev" ];
    args = sh ''
      echo '@nix {"action":"setPhase","phase":"buildPhase"}'
      for i in 0 1 2; do echo line $i; done
      ${show ./src.txt}
      ${show dep}
      ${show note}
      ${show "${filtered}/keep"}
      ${show named}
      echo to stderr >&2
      echo done > $out
      echo dev > $dev
    '';
  };
  fail = derivation {
    name = "demo-fail-2";
    inherit system;
    builder = "/bin/sh";
    args = sh "echo about to fail; echo oops; exit 3";
  };
  needsFail = derivation {
    name = "needs-fail";
    inherit system;
    builder = "/bin/sh";
    args = sh "echo ${fail} > $out";
  };
  # Runs until cancelled.
  busy = derivation {
    name = "busy";
    inherit system;
    builder = "/bin/sh";
    args = sh "echo started; while :; do :; done";
  };
  chain = builtins.foldl' (
    prev: i:
    derivation {
      name = "chain-${toString i}";
      inherit system;
      builder = "/bin/sh";
      args = sh "echo ${prev} > $out";
    }
  ) dep (builtins.genList (i: i) 5);
}
