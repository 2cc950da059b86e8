#- /ws/pkgs.nix
{
  tools.form$0at = 1;
  tools.lint = 2;
}
#- /ws/main.nix
let pkgs = import ./pkgs.nix; in [ pkgs.tools.format pkgs.format ]
