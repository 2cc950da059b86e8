let
  a = true;
in
if a th$0
