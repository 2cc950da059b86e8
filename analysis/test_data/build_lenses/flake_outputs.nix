#- /ws/flake.nix
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";
  outputs =
    { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      helper = { packages.x86_64-linux.notOutput = 1; };
    in
    {
      packages.${system} = {
        default = pkgs.hello;
        tool = pkgs.callPackage ./tool.nix { };
      };
      packages.aarch64-linux.other = pkgs.hello;
      devShells.${system}.default = pkgs.mkShell { };
      defaultPackage.${system} = pkgs.hello;
      devShell.${system} = pkgs.mkShell { };
      checks.${system}.test = pkgs.hello;
      nixosConfigurations.host = { };
    };
}
