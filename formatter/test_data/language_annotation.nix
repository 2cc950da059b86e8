{
  script = /* bash */ ''
    echo hi
  '';
  lua = /* lua */ "print(1)";
}
