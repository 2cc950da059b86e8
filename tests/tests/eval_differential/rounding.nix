# ceil and floor go through a float, in Nix 2.8 and current CppNix alike; integers a
# float holds exactly come back unchanged (the others are errors now: cli_eval.rs).
map (f: map f [ 0 1 (-1) 9007199254740992 (-9007199254740992) 2.5 (-2.5) 1.0e15 (-0.5) ]) [
  builtins.ceil
  builtins.floor
]
