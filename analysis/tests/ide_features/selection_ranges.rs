//! Selection ranges: the texts selected by expanding from each marker, innermost first.

use super::check_feature;

#[test]
fn selection_ranges() {
    check_feature("selection_ranges", |loaded| {
        let offsets: Vec<_> = (0..10).filter_map(|d| loaded.offset(d)).collect();
        let all = loaded
            .analysis
            .selection_ranges(loaded.files[0], &offsets)
            .unwrap();
        let mut out = String::new();
        for (i, ranges) in all.iter().enumerate() {
            out.push_str(&format!("${i}:\n"));
            for r in ranges {
                out.push_str(&format!("  {:?}\n", &loaded.text()[*r]));
            }
        }
        out
    });
}
