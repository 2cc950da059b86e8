pkgs: [ (with pkgs; 1) (with pkgs; hello) ]
