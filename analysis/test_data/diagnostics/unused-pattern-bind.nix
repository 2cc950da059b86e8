[ (args@{ a, ... }: a) ({ b }@all: b) ]
