{ pkgs, ... }:
{
  home.username = "me";
  home.homeDirectory = "/home/me";
  home.stateVersion = "24.05";
}
