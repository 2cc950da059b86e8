{
  a = rec {
    b = c + 1;
    d = 2;
  };
  a.c = d + 3;
}
