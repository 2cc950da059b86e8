# firn's option index: what one option's documentation entry holds, in the terms nixpkgs'
# lib documents options with (`lib.optionAttrSetToDocList`: the entries of NixOS's
# `options.json`). Every field is lazy: the index reads `name` and `type` for completion
# and forces a default or an example only when asked.
lib: opt:
let
  visible = opt.visible or true;
  type = opt.type or { };
  render =
    v:
    if v ? _type && v ? text then
      v
    else
      lib.literalExpression (
        lib.generators.toPretty {
          multiline = true;
          allowPrettyValues = true;
        } v
      );
in
{
  name = lib.showOption opt.loc;
  loc = opt.loc;
  description = opt.description or null;
  declarations = builtins.filter (x: x != "<unknown-file>") opt.declarations;
  internal = opt.internal or false;
  visible = if builtins.isBool visible then visible else visible == "shallow";
  subOptionsVisible = if builtins.isBool visible then visible else visible == "transparent";
  readOnly = opt.readOnly or false;
  type = type.description or "unspecified";
  hasExample = opt ? example;
  example = render opt.example;
  # An empty value documents a default only for types without submodules.
  hasDefault =
    opt ? defaultText
    || opt ? default
    || (type.emptyValue or { }) ? value && type.getSubModules or null == null;
  default = render (opt.defaultText or opt.default or type.emptyValue.value);
  hasRelatedPackages = opt ? relatedPackages && opt.relatedPackages != null;
  relatedPackages = opt.relatedPackages;
  subOptions = type.getSubOptions opt.loc;
  # `types.enum`'s values: its functor's payload (a list, or `{ values; }` in newer lib).
  enumValues =
    let
      payload = type.functor.payload or null;
    in
    if type.name or null != "enum" then
      null
    else if builtins.isList payload then
      payload
    else
      payload.values or [ ];
}
