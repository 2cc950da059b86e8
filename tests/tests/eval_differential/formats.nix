# toXML escapes only what CppNix's XMLWriter escapes in attribute values: quotes, angle
# brackets, ampersands and line feeds; tabs and carriage returns stay as they are.
{
  xml = builtins.toXML {
    a = "x\ty\rz\n<&>\"";
    b = [ "\t" ];
  };
  # A position in a file is { file, line, column } (in -E text it is null: cli_eval.rs).
  pos = (builtins.unsafeGetAttrPos "a" { a = 1; }).line;
}
