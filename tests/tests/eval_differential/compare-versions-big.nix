# Found by the random differential tester: a version component is a number only within
# 32 bits (CppNix's componentsLT reads it with string2Int<int>); beyond, it is a word.
map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [
  [ "75" "10000000000" ]
  [ "2" "4294967296" ]
  [ "2147483647" "2147483648" ]
  [ "1.2147483648" "1.2" ]
  [ "9" "10" ]
]
