//! A warm evaluator is dropped when a file it read from disk changes: at once when the
//! editor reports a change (`EvalService::files_changed_on_disk`, from
//! `workspace/didChangeWatchedFiles`), and within `DISK_RECHECK` (2 s) otherwise, however
//! many questions come in between (each used to check every file it had read).

use analysis::evaluation::{Answer, EvalService, Failure, Query, Question};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn value_of(service: &EvalService, file: &Path) -> Result<String, Failure> {
    let query = Query {
        expr: format!("import {}", file.display()),
        base_dir: PathBuf::from("/"),
        question: Question::Itself,
        saved: Vec::new(),
    };
    match service.ask(query, Duration::from_secs(20))? {
        Answer::Value(info) => Ok(info.rendering),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_changed_on_disk_is_read_again() {
    let dir = std::env::temp_dir().join(format!("firn-disk-changes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("value.nix");
    std::fs::write(&file, "1").unwrap();
    let service = EvalService::default();
    assert_eq!(value_of(&service, &file), Ok("1".into()));

    // Reported by the editor: the next question sees the new text.
    std::fs::write(&file, "22").unwrap();
    service.files_changed_on_disk();
    assert_eq!(value_of(&service, &file), Ok("22".into()));

    // Not reported (a file outside what the editor watches): seen within the recheck
    // interval.
    std::fs::write(&file, "333").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = value_of(&service, &file);
    while seen != Ok("333".into()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        seen = value_of(&service, &file);
    }
    assert_eq!(seen, Ok("333".into()));
    std::fs::remove_dir_all(&dir).ok();
}
