# line
/* block */ /** doc */ { /**/ a = 1; # trailing
  /*** not doc */ b = 2; }
