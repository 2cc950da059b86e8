//! Build and develop lenses: each lens's kind, what it passes, and the text it stands over
//! (its first line).

use super::check_feature;

#[test]
fn build_lenses() {
    check_feature("build_lenses", |loaded| {
        let lenses = loaded.analysis.build_lenses(loaded.files[0]).unwrap();
        let mut out = String::new();
        for lens in lenses {
            let first_line = loaded.text()[lens.range].lines().next().unwrap_or("");
            let target = match (&lens.installable, &lens.attr) {
                (Some(i), _) => format!("installable {i}"),
                (_, Some(a)) => format!("attr {a:?}"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "{:?} {target}: {}\n",
                lens.kind,
                first_line.trim()
            ));
        }
        out
    });
}
