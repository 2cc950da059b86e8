{
  a = (1);
  b = (x: x);
  c = ( # comment
    f x);
  d = (if a then b else c);
  e = (let x = 1; in x);
  f = (a.b.c);
}
