# Paths are resolved against the file's directory while parsing.
[
  ./a/../b
  ./dir/${x}
  /abs/./x/..
  ../up
  ./a-${x}-b
  /${x}
  <nixpkgs>
]
