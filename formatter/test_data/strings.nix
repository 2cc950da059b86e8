{
  simple = "hello ${name}!";
  escapes = "a\nb\t\"c\" \${d}";
  oneLineIndented = ''simple text'';
  indentedEscapes = ''a ''$ ''' b'';
  multi = ''
      first
        indented
      ${interpolated}
    last
  '';
  interpolationAlone = ''
    ${lib.concatMapStringsSep "\n" (x: "echo ${x}") [ "a" "b" ]}
  '';
  longInterpolation = "prefix ${lib.concatStringsSep ", " (map (x: toString x) someVeryLongListName)} suffix";
  uri = http://example.org/path?query=1;
}
