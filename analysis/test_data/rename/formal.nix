# new name: pkgs2
{ pk$0gs, ... }: pkgs.hello
