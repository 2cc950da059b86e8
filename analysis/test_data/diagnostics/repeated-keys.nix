{ a.b = 1; a.c = 2; a.d = 3; e.f = 1; e.g = 2; }
