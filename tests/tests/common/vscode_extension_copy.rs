//! The VS Code extension built as a user builds it: a copy of `vscode-extension/` without
//! `node_modules`, `dist` or a `.vsix`, then `npm ci`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn npm(dir: &Path, args: &[&str]) -> String {
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

/// A fresh copy of the extension with its dependencies installed (`npm ci`).
pub fn prepared_copy() -> PathBuf {
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
    dir
}
