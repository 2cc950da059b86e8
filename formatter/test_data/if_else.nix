{
  short = if a then b else c;
  chain = if a then 1 else if b then 2 else if c then 3 else 4;
  long = if someVeryLongCondition && anotherVeryLongCondition || yetAnotherCondition then resultOne else resultTwo;
  body = if a then { x = 1; } else [ 1 2 ];
}
