# A file with a syntax error is refused, never formatted.
{ a = ; b =   1; }
