x: [ (x == true) (x == false) (false != x) (x.y != true) ]
