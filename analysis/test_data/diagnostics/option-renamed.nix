{ ... }:
{
  services.web.listen = 80;
}
