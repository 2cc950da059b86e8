x @ { a } @ y: a
