let a = 1; b = 2;
  # comment before in
in a + b
