let s = "hello"; in [
  "${s} world" (s + "!") (builtins.stringLength s) (builtins.substring 1 3 s)
  (builtins.concatStringsSep ", " [ "a" "b" "c" ]) (builtins.replaceStrings [ "l" "o" ] [ "L" "0" ] s)
  (builtins.toString [ 1 2 [ 3 ] null true false ]) (builtins.toString 1.5)
  ''
    indented
      more ${s}
  ''
  "esc \" \\ \n \t $ \${x}" (builtins.hashString "sha256" "abc") (builtins.hashString "md5" s)
  (builtins.match "h(.)l+(o)" s) (builtins.match "x" s) (builtins.split "(l)" s)
  # `.` matches a newline in POSIX EREs.
  (builtins.match "(.*)!" "a\nb!") (builtins.split "(.)" "x\ny")
  (builtins.splitVersion "1.2.3pre4") (builtins.compareVersions "1.2" "1.10") (builtins.parseDrvName "hello-2.10")
  (builtins.baseNameOf "/a/b/c.nix") (builtins.dirOf "/a/b/c")
  # A sum starting with a path (or a set) appends other paths as they are, uncopied.
  (/a/b + /no/such/path) ({ __toString = _: "a"; } + /no/such/path)
]
