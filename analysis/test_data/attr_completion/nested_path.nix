let
  cfg = { nested = { deep = 1; other = 2; }; };
in
cfg.nested.d$0
