{
  serv$0ices = { nginx.enable = true; };
}
