let
  co$0unt = 1;
  double = count * 2;
in double + count
