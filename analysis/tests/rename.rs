//! Rename: `test_data/rename/*.nix` hold a `# new name: NAME` line and mark the cursor with
//! `$0`; several files are separated by `#- /path.nix` lines (`test_utils::Fixture`). The
//! expectation is every file after the rename (each must still parse), or the refusal.

use analysis::AnalysisHost;
use std::path::Path;
use test_utils::Fixture;

#[test]
fn rename_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/rename");
    test_utils::check_dir(&dir, "nix", "txt", |_, marked| {
        let new_name = marked
            .lines()
            .find_map(|l| l.strip_prefix("# new name: "))
            .expect("a `# new name:` line")
            .to_string();
        let fixture = Fixture::parse(marked);
        let (index, offset) = fixture.marker(0).expect("a $0 marker");
        let mut host = AnalysisHost::default();
        let files: Vec<_> = fixture
            .files
            .iter()
            .map(|(path, text)| host.set_file_text(path, text.clone()))
            .collect();
        let result = host
            .analysis()
            .rename(files[index], (offset as u32).into(), &new_name)
            .unwrap();
        let changes = match result {
            Ok(changes) => changes,
            Err(reason) => return format!("refused: {reason}\n"),
        };
        let mut out = String::new();
        for (path, text) in &fixture.files {
            let renamed = match changes.iter().find(|(p, _)| p == path) {
                Some((_, edits)) => analysis::diagnostics::apply_edits(text, edits).0,
                None => text.clone(),
            };
            assert!(
                syntax::parse(&renamed).errors().is_empty()
                    || !syntax::parse(text).errors().is_empty(),
                "the rename breaks {}:\n{renamed}",
                path.display()
            );
            if fixture.files.len() > 1 {
                out.push_str(&format!("#- {}\n", path.display()));
            }
            out.push_str(&renamed);
        }
        out
    });
}
