builtins.toPath "/a"
