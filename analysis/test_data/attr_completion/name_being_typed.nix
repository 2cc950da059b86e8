{
  programs.git.enable = true;
  programs.gi$0
}
