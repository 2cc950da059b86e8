{
  empty = { };
  emptyMultiline = {
  };
  single = { a = 1; };
  two = { a = 1; b = 2; };
  recursive = rec { a = 1; b = a; };
  nested.path.to.value = { x = { y = { z = 1; }; }; };
  "quoted name" = 1;
  ${dynamic} = 2;
  # a comment before a binding

  afterBlank = 3; # trailing comment
  longValue = someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argFour;
  legacy = let { body = 1; };
}
