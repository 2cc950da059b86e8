let x = 1; in rec {
  inherit x$0;
}
