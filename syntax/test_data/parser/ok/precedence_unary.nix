[ (!a + b) (!a // b) (-a ? b) (- f x) (a - -b) (-a.b) ]
