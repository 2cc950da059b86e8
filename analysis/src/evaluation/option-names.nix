# firn: what can be set under an option path in a module, for completion: the option
# tree's names there, each an option (with its type) or a namespace. Inside an option of
# a submodule type the names are its sub-options; `attrsOf (submodule …)` takes a name of
# the user's first (the `<name>` of its sub-options' paths).
options: path:
let
  isOption = x: builtins.isAttrs x && (x._type or "") == "option";
  subOptions = opt: opt.type.getSubOptions opt.loc;
  # `package` or `nullOr package` (`mkPackageOption … { nullable = true; }`).
  isPackage =
    t:
    t.name or null == "package"
    || t.name or null == "nullOr" && (t.nestedTypes.elemType.name or null) == "package";
  takesName = opt: builtins.elem (opt.type.name or "") [ "attrsOf" "lazyAttrsOf" ];
  go =
    node: rest:
    if rest == [ ] then
      node
    else if isOption node then
      if takesName node then go (subOptions node) (builtins.tail rest) else go (subOptions node) rest
    else
      go (node.${builtins.head rest} or { }) (builtins.tail rest);
  target = go options path;
  children =
    if isOption target then (if takesName target then { } else subOptions target) else target;
  describe =
    v:
    if isOption v then
      {
        option = true;
        type = v.type.description or "unspecified";
        description = v.description or null;
        declarations = v.declarations or [ ];
        # `{ file; line; column; }` in newer lib.
        positions = v.declarationPositions or [ ];
        # What a value can be written as, for completion: Booleans, enum members, and
        # for a package its default's text (`pkgs.git`: `mkPackageOption` writes it).
        values =
          let
            payload = v.type.functor.payload or null;
          in
          if v.type.name or null == "bool" then
            [ true false ]
          else if v.type.name or null == "enum" then
            (if builtins.isList payload then payload else payload.values or [ ])
          else if isPackage v.type && v.defaultText._type or null == "literalExpression" then
            [ { text = v.defaultText.text; } ] ++ (if v.type.name == "nullOr" then [ null ] else [ ])
          else
            [ ];
      }
    else
      { option = false; };
in
{
  # `_module` (the module system's own options) is left out of completion.
  names = builtins.mapAttrs (_: describe) (
    if builtins.isAttrs children then builtins.removeAttrs children [ "_module" ] else { }
  );
  target = if isOption target then describe target else null;
}
