[ ({ ... }@args: args) (all@{ ... }: all) ]
