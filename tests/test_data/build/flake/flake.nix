{
  description = "A flake the build tests build with firn and with Nix";
  outputs =
    { self }:
    let
      system = "x86_64-linux";
    in
    {
      packages.${system} = {
        default = derivation {
          name = "pkg";
          inherit system;
          builder = "/bin/sh";
          args = [
            "-c"
            "while IFS= read -r l; do echo $l; done < ${self}/data.txt > $out"
          ];
        };
      };
      devShells.${system}.default = derivation {
        name = "devshell";
        inherit system;
        builder = "/bin/bash";
        outputs = [ "out" ];
        args = [ "-c" "echo > $out" ];
        FOO = "bar baz";
        MULTI = "line1\nline2";
        PATH = "/usr/bin:/bin";
        shellHook = "echo hook-ran; export HOOKVAR=1";
      };
    };
}
