x: { a = x.a; b = x.c; d = x.d or 1; }
