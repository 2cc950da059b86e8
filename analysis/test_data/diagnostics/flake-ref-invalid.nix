{
  inputs.a.url = "github:onlyowner";
  outputs = { self, a }: { };
}
