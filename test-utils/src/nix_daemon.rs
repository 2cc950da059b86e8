//! Tests that build through a real Nix daemon. The daemon runs in a private mount namespace
//! with `/nix` bind-mounted from a temporary directory (`../shared/scripts/with-nix-daemon.sh`:
//! root, Debian's Nix 2.8, sandbox on), so the machine's `/nix` is never touched. A test asks
//! [`run_under_daemon`]: outside the namespace it re-runs itself inside (and its body is
//! skipped in this process); inside it runs.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

const INSIDE: &str = "FIRN_NIX_DAEMON";

/// Whether this process should run the test body: `true` inside the namespace. Outside, runs
/// this test binary's `test` (its full name) under a private daemon, fails if that run
/// fails, and returns `false`. Without root or Nix: a failure in CI, else a skip notice.
pub fn run_under_daemon(test: &str) -> bool {
    if inside_daemon() {
        return true;
    }
    let Some(output) =
        rerun_under_daemon(test, &[test, "--exact", "--nocapture", "--test-threads=1"])
    else {
        return false;
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{test} under a private Nix daemon failed:\n{text}"
    );
    assert!(
        text.contains("1 passed"),
        "{test} did not run under the daemon:\n{text}"
    );
    // Figures the test measured, for whoever runs the outer test (straight to the stderr
    // handle: the harness captures `println!` of a passing test).
    for line in text.lines().filter(|l| l.contains("figure: ")) {
        let figure = &line[line.find("figure: ").unwrap_or(0)..];
        let _ = writeln!(std::io::stderr(), "{figure}");
    }
    false
}

/// Whether this process runs next to a private daemon (started by [`rerun_under_daemon`]).
pub fn inside_daemon() -> bool {
    std::env::var_os(INSIDE).is_some_and(|v| v == "1")
}

/// Runs this binary again with `args` next to a private daemon and returns its output;
/// `None` (after a skip notice, or a failure in CI) without root or Nix.
pub fn rerun_under_daemon(what: &str, args: &[&str]) -> Option<std::process::Output> {
    let script = super::workspace_root().join("../shared/scripts/with-nix-daemon.sh");
    let root = effective_uid() == Some(0);
    let nix = Command::new("nix-daemon")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(root && nix && script.is_file()) {
        let message = format!(
            "{what}: needs root, nix-daemon (Debian's nix-bin) and {}",
            script.display()
        );
        assert!(!super::in_ci(), "{message} (required in CI)");
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("SKIPPED {message}\n").as_bytes(),
        );
        return None;
    }
    let exe = std::env::current_exe().expect("this binary");
    // One private daemon at a time: Debian's daemons share the `nixbld` build users, and
    // one cancelling a build kills every process of its build user, in any namespace.
    let output = Command::new("flock")
        .arg(std::env::temp_dir().join("firn-nix-daemon.lock"))
        .arg("bash")
        .arg(&script)
        .arg(&exe)
        .args(args)
        .env(INSIDE, "1")
        .output()
        .expect("run with-nix-daemon.sh");
    Some(output)
}

/// The effective user id, from `/proc/self/status` (no libc here).
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// A scratch directory that the unprivileged `nobody` can enter and write (for builds run
/// as an untrusted user).
pub fn world_writable_dir(name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("firn-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}
