{
  simple = x: x;
  curried = a: b: c: d: a + b + c + d;
  pattern = { a, b }: a;
  withEllipsis = { a, ... }: a;
  withDefaults = { a ? 1, b ? { }, c }: a;
  named = args@{ a, b, ... }: args;
  namedAfter = { a, b, ... }@args: args;
  emptyPattern = { }: 1;
  longPattern = { stdenv, lib, fetchFromGitHub, rustPlatform, pkg-config, openssl, zlib }: stdenv;
  commented = {
    a, # first
    # about b
    b ? 2,
  }: a;
  bodyOnNextLine = { a }:
    a;
  absorbed = x: { inherit x; y = 1; };
}
