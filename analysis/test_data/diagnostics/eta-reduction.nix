f: g: [ (x: f x) (x: g.h x) (x: x x) (x: f x x) ]
