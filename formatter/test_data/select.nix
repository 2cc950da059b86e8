{
  plain = a.b.c;
  withDefault = a.b or c;
  quoted = a."b c".${d};
  number = 1 .a or 2;
  paren = (f x).y;
  orName = x.or;
}
