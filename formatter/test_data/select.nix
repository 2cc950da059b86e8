{
  plain = a.b.c;
  withDefault = a.b or c;
  quoted = a."b c".${d};
  number = 1 .a or 2;
  paren = (f x).y;
  orName = x.or;
  # nixfmt would print the path `./a.nix.b`: firn keeps the space.
  pathBase = ./a.nix .b;
}
