let
  cfg = { enable = true; port = 80; nested = { deep = 1; }; };
in
cfg.$0
