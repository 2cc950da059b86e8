{
  lib = import ./lib;
  explicit = import ./lib/default.nix;
  pkg = callPackage ./pkgs/tool { };
  short = {
    a = 1;
  };
  services.long = {
    p0 = 0;
    p1 = 1;
    p2 = 2;
    p3 = 3;
    p4 = 4;
    p5 = 5;
    p6 = 6;
    p7 = 7;
    p8 = 8;
    p9 = 9;
    p10 = 10;
    p11 = 11;
    p12 = 12;
    p13 = 13;
    p14 = 14;
    p15 = 15;
    p16 = 16;
    p17 = 17;
    p18 = 18;
    p19 = 19;
  };
  list = [
    0
    1
    2
    3
    4
    5
    6
    7
    8
    9
    10
    11
    12
    13
    14
    15
    16
    17
    18
    19
  ];
}
