# toXML escapes only what CppNix's XMLWriter escapes in attribute values: quotes, angle
# brackets, ampersands and line feeds; tabs and carriage returns stay as they are.
{
  xml = builtins.toXML {
    a = "x\ty\rz\n<&>\"";
    b = [ "\t" ];
  };
  # `-0` is the integer 0; `-0.0` and `-0e0` are floats (nlohmann::json in CppNix).
  json = builtins.fromJSON ''[ -0, -0.0, -0e0, 0, { "a-0": -0 }, "-0", "\"-0" ]'';
  # A position in a file is { file, line, column } (in -E text it is null: cli_eval.rs).
  pos = (builtins.unsafeGetAttrPos "a" { a = 1; }).line;
}
