map (x: x) $0
