x: s: {
  x = x$0;
  y = s.y;
}
