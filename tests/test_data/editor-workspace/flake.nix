# The editor tests' workspace (Neovim and VS Code) (`@CORPUS@` is replaced by ../shared/corpus).
{
  inputs = {
    home-manager = {
      url = "path:@CORPUS@/home-manager";
      flake = false;
    };
    nixpkgs-lib.url = "path:@CORPUS@/nixpkgs-lib";
  };
  outputs =
    { self, home-manager, nixpkgs-lib }:
    let
      system = "x86_64-linux";
      lib = import ./stub/lib-compat.nix { libPath = "${nixpkgs-lib}/lib"; };
      pkgs = import ./stub/fake-pkgs.nix { inherit lib; };
    in
    {
      homeConfigurations.me = import "${home-manager}/modules" {
        inherit pkgs lib;
        configuration = {
          imports = [ ./home.nix ];
          # The stub stands in for nixpkgs: home-manager must not import nixpkgs itself.
          _module.args.pkgs = lib.mkForce pkgs;
        };
      };
      packages.${system} = {
        good = derivation {
          name = "good";
          inherit system;
          builder = "/bin/sh";
          args = [ "-c" "echo built by firn > $out" ];
        };
        bad = derivation {
          name = "bad";
          inherit system;
          builder = "/bin/sh";
          args = [ "-c" "echo going wrong; exit 7" ];
        };
      };
      devShells.${system}.default = derivation {
        name = "shell";
        inherit system;
        builder = "/bin/bash";
        outputs = [ "out" ];
        args = [ "-c" "echo > $out" ];
        FOO = "from the dev shell";
      };
    };
}
