# File header

/* A block comment
   on two lines */
{
  /** Doc comment
    * with stars
    */
  a = 1; /* inline block */
  c = [
    1 # one
    2 # two
  ];
  # dangling at the end
}
# after everything
