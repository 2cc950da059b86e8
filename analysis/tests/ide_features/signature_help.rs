//! Signature help at `$0`: the label with the active parameter in brackets, then the docs.

use super::check_feature;

#[test]
fn signature_help() {
    check_feature("signature_help", |loaded| {
        let at = loaded.offset(0).expect("a $0 marker");
        let Some(help) = loaded.analysis.signature_help(loaded.files[0], at).unwrap() else {
            return "no signature\n".to_string();
        };
        let mut label = help.label.clone();
        if let Some(range) = help.active_parameter.map(|i| help.parameters[i]) {
            label.insert(usize::from(range.end()), ']');
            label.insert(usize::from(range.start()), '[');
        }
        let params: Vec<&str> = help.parameters.iter().map(|r| &help.label[*r]).collect();
        let mut out = format!("{label}\nparameters: {params:?}\n");
        for line in help.documentation.iter().flat_map(|d| d.lines()) {
            out.push_str(&format!("  | {line}\n"));
        }
        out
    });
}
