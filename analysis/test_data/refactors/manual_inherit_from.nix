x: s: {
  x = x;
  y = s.y$0;
}
