pkgs: with pkgs; [ hel$0lo ]
