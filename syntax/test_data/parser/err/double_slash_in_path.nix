[
  /abs//x
  ./a///${x}
  /ok//${x}
]
