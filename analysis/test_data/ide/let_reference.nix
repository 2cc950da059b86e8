let
  greeting = "hi";
  other = greeting;
in
[ gree$0ting other ]
