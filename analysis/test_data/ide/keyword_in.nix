let
  a = 1;
i$0
