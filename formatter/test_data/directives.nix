{
  formatted = [ 1 2 ];
  /*nixfmt:disable*/
  kept   =   [ 1
     2 ];
  /*nixfmt:enable*/
  formattedAgain = {   a = 1; };
}
