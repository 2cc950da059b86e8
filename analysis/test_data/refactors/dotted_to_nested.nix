{
  services.ngi$0nx.enable = true;
}
