#- /ws/main.nix
# query: ngx
{
  services.nginx = {
    enable = true;
    virtualHosts = { };
  };
  nginxPackage = null;
}
#- /ws/modules/web.nix
{ config, ... }:
{
  options.web.nginxPort = 80;
  unrelated = 1;
}
