[ a + b ]
