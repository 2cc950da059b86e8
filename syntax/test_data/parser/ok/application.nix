f a.b (g c) [ d ] { } "s" ./p
