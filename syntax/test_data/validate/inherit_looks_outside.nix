[ (let inherit a; in a) (rec { inherit b; }) (let c = 1; in { inherit c; }) (rec { d = 1; e = { inherit d; }; }) ]
