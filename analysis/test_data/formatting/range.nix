{
  untouched  =  1;
  $0b = [1 2
  3];$1
  also_untouched   = 2;
}
