[ ({ x, y, x }: x) (x@{ x }: x) ({ a }@b: a) ]
