# Widths count characters, not bytes: the first binding is exactly 100 characters wide
# (indentation not counted) but wider in bytes, so it stays on one line;
# the second is one character wider and breaks.
{
  greeting = [ "héllo wörld ✓ ünïcödé strïngs àrë wïdër ïn bytës thän ïn chäräctërs ñöxxxxxxxxxxxx" ];
  greetin2 = [ "héllo wörld ✓ ünïcödé strïngs àrë wïdër ïn bytës thän ïn chäräctërs ñöxxxxxxxxxxxxx" ];
}
