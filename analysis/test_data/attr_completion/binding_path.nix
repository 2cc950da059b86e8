{
  services.nginx.enable = true;
  services.nginx.port = 80;
  services.nginx.$0
}
