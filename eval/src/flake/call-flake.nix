# How a locked flake becomes a value: firn's own expression of the semantics the Nix
# manual gives for flakes (`nix flake` → "Flake format" and "Lock files").
# `lockText`: the lock file; `rootSource`: the root's source info (with `outPath`);
# `rootDir`: the root flake's directory inside its source ("" for the top).
# Returns the root flake (`root`) and its inputs (`rootInputs`), which do not need the
# root's own `flake.nix`.
lockText: rootSource: rootDir:
let
  lock = builtins.fromJSON lockText;
  inherit (lock) nodes;

  # An input is a node name, or (a `follows`) a path of input names from the root.
  nodeNamed =
    spec: if builtins.isList spec then walk lock.root spec else spec;
  walk =
    from: names:
    if names == [ ] then
      from
    else
      walk (nodeNamed nodes.${from}.inputs.${builtins.head names}) (builtins.tail names);

  valueOf =
    name:
    let
      node = nodes.${name};
      atRoot = name == lock.root;
      source =
        if atRoot then rootSource else builtins.fetchTree (builtins.removeAttrs node.locked [ "dir" ]);
      dir = if atRoot then rootDir else node.locked.dir or "";
      flake = import (source.outPath + (if dir == "" then "" else "/" + dir) + "/flake.nix");
      inputs = inputsOf name;
      outputs = flake.outputs (inputs // { self = result; });
      result = outputs // source // {
        inherit inputs outputs;
        sourceInfo = source;
        _type = "flake";
      };
    in
    if node.flake or true then
      assert builtins.isFunction flake.outputs;
      result
    else
      source;

  inputsOf = name: builtins.mapAttrs (_: spec: values.${nodeNamed spec}) (nodes.${name}.inputs or { });

  values = builtins.mapAttrs (name: _: valueOf name) nodes;
in
{
  root = values.${lock.root};
  rootInputs = inputsOf lock.root;
}
