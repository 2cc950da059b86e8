# CppNix has no float without a dot: `1e3` is the integer 1 then the name e3.
[ 1e3 ]
