# firn: checks what a module sets against its configuration's options tree. For each
# `{ path; value? }`: the path leads to an option, into an option's value (a set-valued or
# freeform option takes any names below it), or nowhere (`missing`: the index of the first
# unknown name, and the names that exist there); a literal `value` is checked with the
# option's type.
options: checks:
let
  isOption = x: builtins.isAttrs x && (x._type or "") == "option";
  subOptions = opt: opt.type.getSubOptions opt.loc;
  takesName = opt: builtins.elem (opt.type.name or "") [ "attrsOf" "lazyAttrsOf" ];
  freeform = opt: (opt.type.nestedTypes or { }) ? freeformType;
  resolve =
    node: path: i:
    if path == [ ] then
      { found = node; }
    else if isOption node then
      let
        subs = subOptions node;
      in
      if takesName node then
        resolve subs (builtins.tail path) (i + 1)
      else if subs == { } || freeform node then
        { inside = true; }
      else
        resolve subs path i
    else if node ? ${builtins.head path} then
      resolve node.${builtins.head path} (builtins.tail path) (i + 1)
    else
      {
        missing = i;
        names = builtins.attrNames node;
      };
  check =
    c:
    let
      r = resolve options c.path 0;
      opt = r.found;
    in
    if r ? missing then
      { inherit (r) missing names; }
    else if !(r ? found) || !(isOption opt) then
      { }
    else
      {
        option = opt;
        description = opt.description or null;
        visible = opt.visible or true;
      }
      // (if c ? value then { typeOk = opt.type.check c.value; type = opt.type.description or "unspecified"; } else { });
in
map check checks
