//! The lazy Nix evaluator. Not written yet: its issue builds it on the `syntax` tree.
