# new name: map
let f$0 = 1; in map (a: a + f) [ 1 ]
