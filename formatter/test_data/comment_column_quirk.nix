# With indent 4, a comment after `=` lands in the column of the value on the next line,
# so reading the output again makes it a comment before the value (nixfmt does the same).
# Verification catches the non-idempotent output and the input is refused, untouched.
{
  b = /* before value */ 2;
}
