{ a.c = 1; a = rec { b = c; c = 2; }; }
