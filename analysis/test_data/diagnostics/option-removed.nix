{ ... }:
{
  config.services.web.legacy = true;
}
