{ inherit a b
  c = 1; }
