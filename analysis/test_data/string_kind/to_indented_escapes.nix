x: "tab\t${x}$0 \${lit} '' ''' $ $${x} \\ \"q\" end"
