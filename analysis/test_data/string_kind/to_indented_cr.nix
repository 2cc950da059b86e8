"a$0\r\nb"
