# CppNix's strings are bytes (std::string): builtins cut text inside a UTF-8 character,
# count bytes, match regexes byte by byte (`.` is one byte, `é+` repeats its last byte) and
# print or serialise the bytes as they are, UTF-8 or not. Found by the random tester.
let
  e = "é";
  head = builtins.substring 0 1 e;
  tail = builtins.substring 1 1 e;
in
{
  cut = [ head tail (head + tail) "${head}${tail}" ];
  rejoined = head + tail == e;
  lengths = map builtins.stringLength [ e head "日本" "😀" ];
  concat = builtins.concatStringsSep "" [ head tail ];
  compare = [ (head < tail) (head == builtins.substring 0 1 "è") (tail == builtins.substring 1 1 "è") ];
  hash = builtins.hashString "sha256" head;
  json = builtins.toJSON [ head e ];
  xml = builtins.toXML tail;
  match = [
    (builtins.match "(.)" e)
    (builtins.match "(..)" e)
    (builtins.match "é+" "éé")
    (builtins.match "é+" "é")
    (builtins.match "[é]+" "éé")
    (builtins.match "(é)(.)" "éa")
    (builtins.match "[^a]+" "日")
  ];
  split = [
    (builtins.split "" e)
    (builtins.split "[é]" "aéb")
    (builtins.split "(ab)*" "\\😀")
  ];
  replaced = [
    (builtins.replaceStrings [ "" ] [ "-" ] "aé")
    (builtins.replaceStrings [ head ] [ "<" ] "éa")
  ];
  pieces = [
    (builtins.parseDrvName "x-${tail}1")
    (builtins.splitVersion "1${tail}.2")
    (builtins.compareVersions "1.${tail}" "1.a")
    (builtins.baseNameOf "/a/${head}")
    (builtins.dirOf "/${tail}/b")
  ];
  discarded = builtins.unsafeDiscardStringContext head + tail;
  placeholder = builtins.placeholder tail;
  toPath = [ (builtins.toPath "/a/${head}/../b") (builtins.hasContext (builtins.toPath "${builtins.toFile "a" "b"}")) ];
  file = builtins.toFile "cut" head;
}
