{
  inputs.a.url = "github:owner/a";
  inputs.b.url = "github:owner/b";
  inputs.b.inputs.x.follows = "a/missing";
  inputs.b.inputs.y.follows = "a/z";
  inputs.c.follows = "nope";
  outputs = { self, a, b, c }: { };
}
