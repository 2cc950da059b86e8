let l = [ 3 1 2 ]; in [
  (builtins.length l) (builtins.head l) (builtins.tail l) (builtins.elemAt l 1) (builtins.elem 2 l)
  (map (x: x * 2) l) (builtins.filter (x: x > 1) l) (builtins.foldl' (a: b: a + b) 0 l)
  (builtins.genList (i: i * i) 5) (builtins.concatLists [ [ 1 ] [ 2 3 ] [ ] ]) (builtins.concatMap (x: [ x x ]) l)
  (builtins.any (x: x > 2) l) (builtins.all (x: x > 2) l) (builtins.sort builtins.lessThan l)
  (builtins.sort (a: b: a.k < b.k) [ { k = 2; v = "a"; } { k = 1; v = "b"; } { k = 2; v = "c"; } ])
  (builtins.partition (x: x > 1) l) (l ++ [ 4 ]) ([ 1 2 ] == [ 1 2 ]) ([ 1 2 ] < [ 1 3 ])
  (__foldl' (a: b: a - b) 10 l)
]
