//! Completion of attribute names at `$0`: the names offered, builtins left out.

use super::check_feature;
use analysis::ide::CompletionKind;

#[test]
fn attr_completion() {
    check_feature("attr_completion", |loaded| {
        let (file, offset) = loaded.fixture.marker(0).expect("a $0 marker");
        let items = loaded
            .analysis
            .completions(loaded.files[file], (offset as u32).into())
            .unwrap();
        let mut out = String::new();
        // Builtins and keywords are the same everywhere: the names around are what is tested.
        let generic = [CompletionKind::Builtin, CompletionKind::Keyword];
        for item in items.iter().filter(|i| !generic.contains(&i.kind)) {
            out.push_str(&format!("{} ({:?})\n", item.label, item.kind));
        }
        out
    });
}
