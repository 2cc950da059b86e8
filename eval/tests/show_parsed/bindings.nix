# let, legacy let, with, if and assert.
let
  b = 1;
  inherit (c) d;
  c = { d = 2; };
in
with b;
assert b > 0;
if d then let { body = b; x = 1; } else <nixpkgs/lib>
