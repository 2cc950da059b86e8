{ lib, ... }:
{
  services.web = {
    enable = "yes";
    port = "8081";
  };
}
