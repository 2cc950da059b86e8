# firn's `<nix/fetchurl.nix>`: a fixed-output derivation run by Nix's built-in
# `builtin:fetchurl` builder. Its attributes are those Nix's own corepkg gives, so the
# derivation (and its store path) is the same.
let
  # The first hash given, in this order of preference, with its algorithm ("" for an SRI
  # hash, which names its own); sha256 when none is.
  choose =
    hashes:
    let
      given = builtins.filter (c: c.hash != "") hashes.preferred;
    in
    if given == [ ] then hashes.fallback else builtins.head given;
  legacy = hash: sha512: sha1: md5: sha256: {
    preferred = [
      {
        inherit hash;
        algo = "";
      }
      {
        hash = sha512;
        algo = "sha512";
      }
      {
        hash = sha1;
        algo = "sha1";
      }
      {
        hash = md5;
        algo = "md5";
      }
    ];
    fallback = {
      hash = sha256;
      algo = "sha256";
    };
  };
in
{
  url,
  name ? baseNameOf (toString url),
  hash ? "",
  sha256 ? "",
  sha512 ? "",
  sha1 ? "",
  md5 ? "",
  outputHash ? (choose (legacy hash sha512 sha1 md5 sha256)).hash,
  outputHashAlgo ? (choose (legacy hash sha512 sha1 md5 sha256)).algo,
  executable ? false,
  unpack ? false,
  impure ? false,
  system ? "", # ignored: the builder is built in
}:

derivation (
  (if impure then { __impure = true; } else { inherit outputHash outputHashAlgo; })
  // {
    inherit
      name
      url
      executable
      unpack
      ;
    builder = "builtin:fetchurl";
    system = "builtin";
    urls = [ url ];
    outputHashMode = if executable || unpack then "recursive" else "flat";
    preferLocalBuild = true;
    # Proxy settings reach the built-in builder from the daemon's environment.
    impureEnvVars = [
      "http_proxy"
      "https_proxy"
      "ftp_proxy"
      "all_proxy"
      "no_proxy"
    ];
  }
)
