[ 1 0.5 .5 1. 1.e3 1.5e-3 2.E+4 0.5e2 00.5 true null http://example.org/a?b=c x:x ]
