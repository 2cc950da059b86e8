map$0
