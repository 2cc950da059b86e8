//! The build core: nix-base32, store paths, NAR, `.drv` files. Not written yet: its issue
//! builds it. It must not depend on `eval`.
