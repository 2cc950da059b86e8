{
  arith = 1 + 2 * 3 - 4 / 5;
  chain = aVeryLongOperandNumberOne + aVeryLongOperandNumberTwo + aVeryLongOperandNumberThree + four;
  compare = a == b && c != d || e < f && g >= h;
  update = defaults // { a = 1; b = 2; };
  updateChain = a // b // { c = 1; };
  concat = [ 1 ] ++ list ++ [ 2 3 ];
  implication = a -> b;
  unary = !a && -b < 0;
  hasAttr = x ? a.b.c;
  pipe = x |> f |> g |> h |> i;
}
