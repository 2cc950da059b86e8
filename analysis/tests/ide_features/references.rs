//! References at `$0` across every file of the fixture: path, the text found and its
//! offset, definitions marked `def`. Each file's text must hold the name at each range.

use super::check_feature;

#[test]
fn references() {
    check_feature("references", |loaded| {
        let (index, _) = loaded.fixture.marker(0).expect("a $0 marker");
        let at = loaded.offset(0).unwrap();
        let mut out = String::new();
        for r in loaded.analysis.references(loaded.files[index], at).unwrap() {
            let text = &loaded
                .fixture
                .files
                .iter()
                .find(|(p, _)| *p == r.path)
                .expect("a fixture file")
                .1;
            let mark = if r.is_definition { " def" } else { "" };
            out.push_str(&format!(
                "{} {:?}@{}{mark}\n",
                r.path.display(),
                &text[r.range],
                u32::from(r.range.start())
            ));
        }
        if out.is_empty() {
            out.push_str("no references\n");
        }
        out
    });
}
