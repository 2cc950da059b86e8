# Attribute paths merge into nested sets; inherits come first, then plain names sorted,
# then dynamic names in order.
rec {
  z = 1;
  a.b = 2;
  a = { c = 3; inherit (p) q; };
  a.d = { inherit (r) s t; };
  inherit x;
  inherit (y) w v;
  ${dyn} = 4;
  "${"a" + "b"}".c = 5;
  "with space" = 6;
  "if" = 7;
  ${"static"} = 8;
}
