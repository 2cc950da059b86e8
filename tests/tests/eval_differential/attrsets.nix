let
  a = { x = 1; y = { z = 2; }; "a b" = 3; };
  b = rec { p = q + 1; q = 2; };
in {
  inherit (a) x;
  names = builtins.attrNames a;
  values = builtins.attrValues b;
  upd = a // { x = 10; };
  has = [ (a ? x) (a ? y.z) (a ? y.w) ];
  # `?` tests presence only: the value it finds is never forced.
  hasLazy = [ ({ t = throw "forced"; } ? t) ({ t.u = throw "forced"; } ? t.u) ];
  sel = a.y.z or 0;
  dflt = a.nope or "default";
  removed = builtins.removeAttrs a [ "x" ];
  inter = builtins.intersectAttrs { x = null; } a;
  l2a = builtins.listToAttrs [ { name = "k"; value = 1; } { name = "k"; value = 2; } ];
  mapped = builtins.mapAttrs (n: v: n) { m = 1; n = 2; };
  cat = builtins.catAttrs "x" [ { x = 1; } { y = 2; } { x = 3; } ];
  zip = builtins.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ];
  nested.deep.path = 1;
  nested.other = 2;
  dyn = { ${"d" + "yn"} = true; };
  fargs = builtins.functionArgs ({ a, b ? 1 }: a);
  grouped = builtins.groupBy (x: if x > 2 then "big" else "small") [ 1 2 3 4 ];
  # Keywords print quoted, except `or`, which Nix writes bare.
  quotedNames = { or = 1; "if" = 2; "a b" = 3; "" = 4; };
}
