let or = x: x; in map or [ 1 ]
