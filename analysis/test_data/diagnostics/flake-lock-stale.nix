{
  inputs = {
    a.url = "github:owner/a/release-24.05";
    d.follows = "a";
  };
  outputs = { self, a, d }: { };
}
