//! The editor's evaluations read files and do nothing else (ARCHITECTURE.md, "What an
//! editor evaluation may do"): each refusal is an answer with a clear message, nothing
//! happens on the machine, and the service answers the next question.

use analysis::evaluation::{Answer, EvalService, Failure, Query, Question};
use std::path::PathBuf;
use std::time::Duration;

fn ask(service: &EvalService, expr: &str) -> Result<Answer, Failure> {
    let query = Query {
        expr: expr.to_string(),
        base_dir: PathBuf::from("/"),
        question: Question::Itself,
        saved: Vec::new(),
    };
    service.ask(query, Duration::from_secs(20))
}

fn refused(service: &EvalService, expr: &str, because: &str) {
    match ask(service, expr) {
        Err(Failure::Evaluation(message)) => {
            assert!(message.contains(because), "{expr}: {message}")
        }
        other => panic!("{expr}: expected a refusal mentioning {because:?}, got {other:?}"),
    }
}

#[test]
fn programs_network_builds_git_and_special_files_are_refused() {
    let service = EvalService::default();
    let marker = std::env::temp_dir().join(format!("firn-exec-{}", std::process::id()));
    let touch = format!("builtins.exec [ \"touch\" \"{}\" ]", marker.display());
    refused(&service, &touch, "'exec' is disabled");
    assert!(!marker.exists(), "exec ran");
    refused(
        &service,
        "builtins.fetchurl \"https://example.com/x\"",
        "needs network access",
    );
    refused(
        &service,
        "import (derivation { name = \"x\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; })",
        "firn never builds while evaluating",
    );
    refused(
        &service,
        "builtins.readFile \"/dev/stdin\"",
        "regular files only",
    );
    let repo = std::env::temp_dir().join(format!("firn-git-{}", std::process::id()));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    refused(
        &service,
        &format!("builtins.fetchGit {}", repo.display()),
        "which firn does not run here",
    );
    std::fs::remove_dir_all(&repo).ok();
    // A store path is computed, never written.
    match ask(&service, "builtins.toFile \"firn-safety\" \"text\"") {
        Ok(Answer::Value(info)) => {
            let path = info.rendering.trim_matches('"').to_string();
            assert!(path.starts_with("/nix/store/"), "{path}");
            assert!(!std::path::Path::new(&path).exists(), "{path} was written");
        }
        other => panic!("toFile: {other:?}"),
    }
    // Still answering.
    let names = service.ask(
        Query {
            expr: "{ b = 1; a = 2; }".into(),
            base_dir: PathBuf::from("/"),
            question: Question::Names,
            saved: Vec::new(),
        },
        Duration::from_secs(20),
    );
    assert_eq!(names, Ok(Answer::Names(vec!["a".into(), "b".into()])));
}

#[test]
fn a_runaway_evaluation_stops_at_its_time_limit_and_the_next_question_is_answered() {
    let service = EvalService::with_time_limit(Duration::from_secs(1));
    // No deep calls, few calls, constant memory: only the time limit stops it.
    let runaway = "builtins.foldl' (a: _: a + builtins.length (builtins.genList (x: x) 1000)) 0 (builtins.genList (x: x) 1000000)";
    let stopped = ask(&service, runaway);
    assert!(matches!(stopped, Err(Failure::TimedOut)), "{stopped:?}");
    assert_eq!(
        ask(&service, "1 + 1").map(|a| matches!(a, Answer::Value(v) if v.rendering == "2")),
        Ok(true)
    );
}
