[ rec { a = 1; b = 2; } rec { c = 1; d = c; } ]
