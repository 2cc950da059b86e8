//! The evaluator's limits, end to end: a runaway evaluation stops on Ctrl-C with exit status
//! 130 (as Nix); reading `/dev/zero` ends with an error instead of exhausting memory; a read
//! blocked on a FIFO still ends on Ctrl-C; an evaluation that grows past `--max-memory`
//! stops with an error naming the limit, one that asks for it all at once before allocating.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn spawn_eval(expr: &str) -> Child {
    spawn_eval_with(&[], expr)
}

fn spawn_eval_with(options: &[&str], expr: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(["eval", "--strict"])
        .args(options)
        .args(["-E", expr])
        .env("NIX_REMOTE", "dummy://")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("firn runs")
}

/// Sends SIGINT once the evaluation is under way, and waits (bounded, so that a firn that
/// ignores it fails the test rather than hanging it) for the process to end.
fn interrupt(mut child: Child) -> (Option<i32>, String) {
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let output = child.wait_with_output().expect("output");
            return (
                status.code(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            );
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("firn did not stop within a minute of Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_stops_a_runaway_evaluation_with_status_130() {
    // A billion additions through two nested folds: minutes of work, never deep.
    let child = spawn_eval(
        "builtins.foldl' (a: i: builtins.foldl' (b: j: b + 1) a (builtins.genList (x: x) \
         10000)) 0 (builtins.genList (x: x) 100000)",
    );
    let (code, stderr) = interrupt(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted by the user"), "{stderr}");
}

#[test]
fn ctrl_c_ends_a_read_blocked_on_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let child = spawn_eval(&format!("builtins.readFile {}", fifo.display()));
    let (code, stderr) = interrupt(child);
    assert_eq!(code, Some(130), "{stderr}");
}

#[test]
fn reading_dev_zero_is_an_error_not_an_out_of_memory_kill() {
    let output = spawn_eval("builtins.stringLength (builtins.readFile /dev/zero)")
        .wait_with_output()
        .expect("firn ends");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/dev/zero"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

fn eval_with_memory_limit(expr: &str) -> (Option<i32>, String) {
    let output = spawn_eval_with(&["--max-memory", "200M"], expr)
        .wait_with_output()
        .expect("firn ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn memory_limit_stops_an_evaluation_that_keeps_growing() {
    // Lists of 10,000 integers, kept alive, 3,000 of them: about 1 GB.
    let (code, stderr) = eval_with_memory_limit(
        "let f = n: if n == 0 then [] else [ (builtins.genList (x: x) 10000) ] ++ f (n - 1); \
         in builtins.length (builtins.deepSeq (f 3000) 0)",
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("200 MiB of memory"), "{stderr}");
    assert!(stderr.contains("«string»:1:"), "{stderr}");
}

#[test]
fn memory_limit_refuses_a_huge_list_before_allocating_it_and_try_eval_does_not_catch_it() {
    let (code, stderr) = eval_with_memory_limit(
        "builtins.tryEval (builtins.length (builtins.genList (x: x) 1000000000))",
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("200 MiB of memory"), "{stderr}");
    assert!(stderr.contains("more asked for"), "{stderr}");
}

#[test]
fn memory_limit_leaves_ordinary_evaluations_alone() {
    let output = spawn_eval_with(
        &["--max-memory", "200M"],
        "builtins.length (builtins.genList (x: x) 100000)",
    )
    .wait_with_output()
    .expect("firn ends");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "100000\n");
}
