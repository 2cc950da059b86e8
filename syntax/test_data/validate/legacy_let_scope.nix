let { x = y; y = 1; body = x + z; }
