# new name: count2
let c$0ount = 1; in count + count
