//! Rename: `test_data/rename/*.nix` start with `# new name: NAME` and mark the cursor with
//! `$0`; the expectation is the renamed file or the refusal.

use analysis::AnalysisHost;
use std::path::Path;

#[test]
fn rename_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/rename");
    test_utils::check_dir(&dir, "nix", "txt", |_, marked| {
        let new_name = marked
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# new name: "))
            .expect("a `# new name:` first line")
            .to_string();
        let offset = marked.find("$0").expect("a $0 marker");
        let text = marked.replacen("$0", "", 1);
        let mut host = AnalysisHost::default();
        let file = host.set_file_text(Path::new("/r.nix"), text.clone());
        let result = host
            .analysis()
            .rename(file, (offset as u32).into(), &new_name)
            .unwrap();
        match result {
            Ok(edits) => analysis::diagnostics::apply_edits(&text, &edits).0,
            Err(reason) => format!("refused: {reason}\n"),
        }
    });
}
