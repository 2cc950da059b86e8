[ a.b.c (a.b or c) a."b".${c} (a.b.c or d e) (a.or) ]
