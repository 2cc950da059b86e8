{
  inputs.a.url = "github:owner/a";
  inputs.b.url = "github:owner/b";
  outputs = { self, a, b, c }: { };
}
