{
  a = import ./a;
  $0b = import ./b;$1
  c = import ./c;
}
