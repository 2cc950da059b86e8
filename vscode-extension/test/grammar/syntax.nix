/**
  A doc comment for the function below.
*/
{ pkgs ? import <nixpkgs> { }, lib, ... }@args:
let
  # A comment.
  name = "hello ${pkgs.hello.version}\n";
  script = ''
    echo ${name} ''${not interpolated} '''quoted'''
    cd ${./src}
  '';
  url = https://example.org/x.tar.gz;
  paths = [ ./a/b ../c ~/d /etc/nixos ./dir/${name} ];
  numbers = [ 1 2.5 .5e3 ];
  f = x: y: x + y;
  g = { a, b ? 2 }: a // { inherit b; };
in
rec {
  services.nginx.enable = true;
  "quoted-name" = if 1 < 2 then null else throw "no";
  nested = with lib; assert true; (f 1 2) == 3 || !false;
  value = builtins.map (v: v) [ ] ++ [ "x" ];
  /* block */ other = a.b or "default";
}
