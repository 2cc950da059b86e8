rec { a = 1; b = a; "c d" = 2; ${e} = 3; or = 4; }
