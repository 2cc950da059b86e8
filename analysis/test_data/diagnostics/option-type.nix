{ ... }:
{
  services.web = {
    enable = "yes";
    mode = "slow";
    port = 80;
  };
}
