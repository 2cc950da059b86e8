rec {
  version = "1.0";
  name = "tool-${vers$0ion}";
}
