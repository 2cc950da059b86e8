{ a ? b, b ? a }@c: [ a b c d ]
