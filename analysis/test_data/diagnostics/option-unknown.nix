{ ... }:
{
  services.web.prot = 80;
  services.web.settings.anything = "is fine";
  services.nope.enable = true;
}
