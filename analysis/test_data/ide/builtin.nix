map$0 toString [ 1 ]
