http://example.org/x
