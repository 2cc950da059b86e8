# A home-manager module.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkIf mkOption types;
  cfg = config.programs.greeting;
in
{
  options.programs.greeting = {
    enable = lib.mkEnableOption "a greeting on login";
    message = mkOption {
      type = types.str;
      default = "hello, ${config.home.username}";
      description = "What to print.";
    };
  };

  config = mkIf cfg.enable {
    home.packages = [ pkgs.hello ];
    programs.bash.initExtra = ''
      echo ${lib.escapeShellArg cfg.message}
    '';
  };
}
