let x = { }; in { a = x; a.b = 1; }
