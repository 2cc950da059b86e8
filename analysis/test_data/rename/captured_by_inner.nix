# new name: y
let x$0 = 1; in (let y = 2; in x + y)
