{
  script = "echo $0one\n  two\n\nthree\n";
}
