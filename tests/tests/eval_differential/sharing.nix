# Values CppNix tells apart from equal copies by address, found by the random tester. An
# alias (`g = f;`, a formal's default naming another) is the very value (ExprVar::maybeThunk
# shares an initialised slot); `elem` compares its needle by pointer first (eqValues); Nix
# 2.8's printer marks a set by its bindings and a list by its items (Value::print), which
# `//` with an empty side, `if`, selections, calls and tryEval share, but a list of one or
# two items lives inside its value, so only the same value repeats. (Which of two bindings
# is filled first, and so whether an alias is shared, follows the names' symbol order: their
# first mention in current CppNix (`Symbol::operator<=>` on ids, ExprLet::eval), the
# addresses of their strings in Nix 2.8; the aliases here agree in both.)
let
  f = x: x;
  g = f;
  s = { a = 1; };
  t = s;
  short = [ 1 2 ];
  long = [ 1 2 3 ];
  nested = { a = [ 1 ]; };
in
{
  functions = [
    ([ f ] == [ g ])
    ([ f ] == [ (if true then f else f) ])
    (builtins.elem f [ f ])
    (builtins.elem f [ short f ])
    (builtins.elem f (builtins.attrValues { inherit f; }))
    (builtins.elem f (map (x: x) [ f ]))
    (({ a, b ? a }: [ a ] == [ b ]) { a = f; })
  ];
  sets = [ s t (s // { }) ({ } // s) (if true then s else s) (builtins.tryEval s).value (f s) (s // s) ];
  selected = let x = { y = { z = 1; }; }; in [ x.y x.y ];
  shortLists = [ short short (short ++ [ ]) (builtins.filter (x: true) short) ];
  longLists = [ long (long ++ [ ]) ([ ] ++ long) (builtins.filter (x: true) long) (map (x: x) long) ];
  values = [ nested.a nested.a (builtins.attrValues nested) nested ];
  recursive = rec { a = [ 1 2 3 ]; b = a; };
  empty = [ { } { } [ ] [ ] ];
}
