//! The VS Code extension (`vscode-extension/`) builds from a clean checkout with its own
//! command (`npm ci`, then `npm test`: the TypeScript type check and the TextMate grammar
//! against `test/grammar/*.scopes`, tokenized by vscode-textmate as VS Code does), and
//! packages to a `.vsix` under 1 MB (`npm run package`). Needs Node.js and npm (and the
//! npm registry for `npm ci`); without them: a failure in CI, else a skip notice.

use std::io::Write;

#[path = "common/vscode_extension_copy.rs"]
mod vscode_extension_copy;
use vscode_extension_copy::{npm, prepared_copy};

#[test]
fn the_extension_type_checks_tokenizes_and_packages() {
    if !test_utils::program_available("npm", "vscode_extension") {
        return;
    }
    let dir = prepared_copy();
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
