# Imported by import-symlink.nix, directly and through import-symlink-link.nix.
{ x = [ 1 2 ]; dir = ./.; }
