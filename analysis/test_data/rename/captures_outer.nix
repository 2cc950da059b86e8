# new name: x
let x = 1; in (let y$0 = 2; in x + y)
