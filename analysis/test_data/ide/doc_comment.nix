let
  /** Adds one. */
  inc = x: x + 1;
in
inc$0 2
