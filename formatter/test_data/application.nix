{
  short = f a b;
  lastArgSet = mkDerivation { pname = "x"; version = "1"; };
  lastArgList = f [ a b c ];
  twoLists = f [ a b ] [ c d ];
  long = someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argumentNumberFour argFive;
  parenLambda = map (x: { name = x; value = x; }) names;
  nested = f (g (h x)) (i j);
  selection = builtins.map (x: x.name) (lib.attrValues config.services.something.enabledServices);
  commentBefore = # why
    f x;
}
