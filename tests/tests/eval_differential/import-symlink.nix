# CppNix's resolveExprPath follows a symlink before importing (so that relative paths in
# the file are the target's): a file imported through a link is the same value, printed
# `«repeated»` the second time.
[
  (import ./import-symlink-target.nix)
  (import ./import-symlink-link.nix)
]
