[ ]
++ [
]
++ [ 1 2 3 ]
++ [ a b
  c ]
++ [ # leading comment
  1
  # between
  2
]
++ [ aVeryLongIdentifierNumberOne aVeryLongIdentifierNumberTwo aVeryLongIdentifierNumberThree ]
