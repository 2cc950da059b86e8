//! The VS Code extension (`vscode-extension/`) builds from a clean checkout with its own
//! command (`npm ci`, then `npm test`: the TypeScript type check and the TextMate grammar
//! against `test/grammar/*.scopes`, tokenized by vscode-textmate as VS Code does), and
//! packages to a `.vsix` under 1 MB (`npm run package`). Needs Node.js and npm (and the
//! npm registry for `npm ci`); without them: a failure in CI, else a skip notice.

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn npm(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("npm runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "npm {args:?} failed:\n{text}");
    text
}

#[test]
fn the_extension_type_checks_tokenizes_and_packages() {
    if !test_utils::program_available("npm", "vscode_extension") {
        return;
    }
    let source = test_utils::workspace_root().join("vscode-extension");
    // A copy: the checkout keeps no node_modules, dist or .vsix.
    let dir = test_utils::scratch_dir("vscode-extension", &[]);
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        let name = entry.file_name();
        if ["node_modules", "dist", "out", "firn.vsix"].contains(&name.to_str().unwrap_or("")) {
            continue;
        }
        let to = dir.join(&name);
        if entry.path().is_dir() {
            test_utils::copy_tree(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    npm(&dir, &["ci", "--no-audit", "--no-fund"]);
    let tests = npm(&dir, &["test"]);
    assert!(tests.contains(" passed, 0 failed"), "{tests}");
    npm(&dir, &["run", "package"]);
    let size = std::fs::metadata(dir.join("firn.vsix")).unwrap().len();
    // Straight to the stderr handle: the harness captures `println!` of a passing test.
    let _ = writeln!(
        std::io::stderr(),
        "figure: firn.vsix is {size} bytes (goal: under 1 MB)"
    );
    assert!(size < 1 << 20, "the .vsix is {size} bytes");
}
