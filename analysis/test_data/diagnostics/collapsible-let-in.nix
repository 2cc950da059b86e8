[ (let a = 1; in let b = a; in b) (let c = d; in let d = 1; in c) ]
