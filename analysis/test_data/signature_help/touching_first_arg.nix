[ (map f$0) ]
