{ inherit; a = 1; }
