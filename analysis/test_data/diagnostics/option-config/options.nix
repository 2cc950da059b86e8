# The options the `option-*` fixtures are checked against (a configuration the test
# harness builds around each fixture: `evalModules { modules = [ ./options.nix ./host.nix ]; }`).
{ lib, ... }:
{
  imports = [
    (lib.mkRenamedOptionModule [ "services" "web" "listen" ] [ "services" "web" "port" ])
    (lib.mkRemovedOptionModule [ "services" "web" "legacy" ] "Use services.web.mode instead.")
  ];
  options.services.web = {
    enable = lib.mkEnableOption "the web server";
    port = lib.mkOption {
      type = lib.types.port;
      default = 8080;
    };
    mode = lib.mkOption {
      type = lib.types.enum [ "fast" "safe" ];
      default = "safe";
    };
    settings = lib.mkOption {
      type = lib.types.attrsOf lib.types.str;
      default = { };
    };
  };
}
