//! Workspace symbols: the first line `# query: …` is the query; the answer lists each
//! symbol with its container and file.

use super::check_feature;

#[test]
fn workspace_symbols() {
    check_feature("workspace_symbols", |loaded| {
        let query = loaded
            .text()
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# query: "))
            .expect("a `# query:` first line");
        let mut out = String::new();
        for s in loaded.analysis.workspace_symbols(query).unwrap() {
            let container = s.container.as_deref().unwrap_or("-");
            out.push_str(&format!(
                "{} in {container} ({})\n",
                s.name,
                s.path.display()
            ));
        }
        out
    });
}
