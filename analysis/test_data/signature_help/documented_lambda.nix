let
  /**
    Adds two numbers.

    # Example
      add 1 2
  */
  add = a: b: a + b;
in
add 1 $0
