a: b: !(a == b)
