# A string without interpolation is one literal; with one, a concatenation. Indented
# strings keep each escape as its own operand.
[
  "plain\ttext \"quoted\" \${not} $"
  "a${b}c"
  "${x}"
  ''
    two
      lines ${x}
  ''
  ''a''$b'''c''\nd''
  ''''
  http://example.org/a?b=c
  1.5 100.0 1.0e10 0.000001 123456789.0
]
