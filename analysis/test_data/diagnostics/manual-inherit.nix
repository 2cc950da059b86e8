a: [ { a = a; } (rec { b = b; }) ]
