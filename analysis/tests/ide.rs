//! IDE features at a cursor: each `test_data/ide/*.nix` has a `$0` marker; the expectation
//! shows what definition, references, hover and completion answer there.

use analysis::AnalysisHost;
use std::path::Path;
use syntax::TextSize;

#[test]
fn features_at_cursor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/ide");
    test_utils::check_dir(&dir, "nix", "txt", |path, marked| {
        let offset = marked.find("$0").expect("a $0 cursor marker");
        let text = marked.replacen("$0", "", 1);
        let mut host = AnalysisHost::default();
        let file = host.set_file_text(Path::new("/ws/main.nix"), text.clone());
        let analysis = host.analysis();
        let at = TextSize::from(offset as u32);
        let snippet = |r: syntax::TextRange| format!("{:?}@{}", &text[r], u32::from(r.start()));
        let mut out = String::new();
        out.push_str("definition:\n");
        for target in analysis.goto_definition(file, at).unwrap() {
            let shown = if target.path == Path::new("/ws/main.nix") {
                snippet(target.range)
            } else {
                target.path.display().to_string()
            };
            out.push_str(&format!("  {shown}\n"));
        }
        out.push_str("references:\n");
        for reference in analysis.references(file, at).unwrap() {
            out.push_str(&format!("  {}\n", snippet(reference.range)));
        }
        out.push_str("hover:\n");
        if let Some(hover) = analysis.hover(file, at).unwrap() {
            for line in hover.markdown.lines() {
                out.push_str(&format!("  | {line}\n"));
            }
        }
        let completions = analysis.completions(file, at).unwrap();
        use analysis::ide::CompletionKind::{Builtin, Keyword};
        let labels = |keep: &dyn Fn(analysis::ide::CompletionKind) -> bool| {
            completions
                .iter()
                .filter(|c| keep(c.kind))
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
        };
        let local = labels(&|k| k != Builtin && k != Keyword);
        out.push_str(&format!("completion (in scope): {local:?}\n"));
        out.push_str(&format!("keywords: {:?}\n", labels(&|k| k == Keyword)));
        assert!(
            completions.iter().any(|c| c.label == "builtins"),
            "{}: builtins are always offered",
            path.display()
        );
        out
    });
}
