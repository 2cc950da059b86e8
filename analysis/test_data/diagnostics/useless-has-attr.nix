x: d: [ (if x ? a then x.a else d) (if x ? a.b then x.a.b else null) (if x ? a then x.b else d) ]
