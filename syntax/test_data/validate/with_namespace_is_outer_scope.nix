with undefinedNamespace; foo
