# new name: 1abc
let a$0 = 1; in a
