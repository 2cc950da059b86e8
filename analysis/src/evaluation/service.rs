//! The evaluation service: one thread that owns firn's evaluator and answers questions
//! about values (which attributes a set has, what a value is and where it was defined) as
//! plain data.
//!
//! - The evaluator stays warm between questions (nixpkgs' lib is evaluated once), and is
//!   dropped when a file it read changes: buffers are compared by identity, disk files by
//!   modification time and length. Answers are cached for as long as it lives.
//! - A caller waits for an answer as long as it chooses; past that the evaluation goes on
//!   (its answer is cached for the next question) up to `HARD_LIMIT`, where a watchdog
//!   interrupts it. A change to a buffer the evaluator has read interrupts the evaluation
//!   running (its answer would be stale). A panic inside an evaluation ends that evaluation only.
//! - What editor evaluations may do is set here (`editor_options`): read files, nothing
//!   else (no builds, no fetching, no programs, no store writes; see `ARCHITECTURE.md`).

use super::reads::{Buffers, ReadSet, RecordingFs};
use super::{Answer, Failure, Query};
use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Function calls one question may make: nixpkgs' lib takes about 200,000; a runaway
/// evaluation stops here rather than at the deadline alone.
const CALL_BUDGET: u64 = 20_000_000;

/// Bytes the evaluator may hold before a question stops (the server's whole resident set,
/// as the evaluator measures memory).
const MEMORY_CEILING: u64 = 1 << 30;

const STACK: usize = 256 << 20;

/// The longest one evaluation may run, whoever waits for it (by default).
const HARD_LIMIT: Duration = Duration::from_secs(10);

/// How often the files a warm evaluator read from disk are checked again when no watched
/// file is reported changed: checking them all (home-manager's index reads over a
/// thousand) on every question cost more than answering it. Files the editor watches are
/// checked as soon as it reports a change; others (a flake input's checkout) this late.
const DISK_RECHECK: Duration = Duration::from_secs(2);

struct Job {
    query: Query,
    buffers: Buffers,
    reply: Sender<Result<Answer, Failure>>,
}

/// A handle to the evaluation thread (started on the first question).
pub struct EvalService {
    jobs: Mutex<Option<Sender<Job>>>,
    buffers: Arc<Mutex<Buffers>>,
    interrupt: Arc<AtomicBool>,
    hard_limit: Duration,
    /// What the warm evaluator has read (see `reads::ReadSet`).
    read: ReadSet,
    /// A watched file changed on disk since the last check.
    disk_changed: Arc<AtomicBool>,
}

impl Default for EvalService {
    fn default() -> Self {
        EvalService::with_time_limit(HARD_LIMIT)
    }
}

impl EvalService {
    /// A service whose evaluations stop after `hard_limit` each.
    pub fn with_time_limit(hard_limit: Duration) -> EvalService {
        EvalService {
            jobs: Mutex::new(None),
            buffers: Arc::new(Mutex::new(Buffers::new())),
            interrupt: Arc::new(AtomicBool::new(false)),
            hard_limit,
            read: ReadSet::default(),
            disk_changed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The editor reports files changed on disk: the next question checks every file the
    /// warm evaluator read (not only after `DISK_RECHECK`).
    pub fn files_changed_on_disk(&self) {
        self.disk_changed.store(true, Ordering::Relaxed);
    }

    /// Sets (or, with `None`, forgets) the unsaved text of an open file. Interrupts the
    /// evaluation running when it read the old text (a buffer read as saved because it did
    /// not parse is not stale while the new one does not parse either).
    pub fn set_buffer(&self, path: PathBuf, text: Option<Arc<str>>) {
        let read = self
            .read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&path)
            .copied();
        let stale = match read {
            None => false,
            Some(false) => true,
            Some(true) => text
                .as_ref()
                .is_none_or(|t| !super::reads::unparsable(&path, t)),
        };
        let mut buffers = self.buffers.lock().unwrap_or_else(|e| e.into_inner());
        match text {
            Some(t) => buffers.insert(path, t),
            None => buffers.remove(&path),
        };
        if stale {
            self.interrupt.store(true, Ordering::Relaxed);
        }
    }

    /// Asks a question; waits at most `deadline`, then interrupts the evaluation.
    pub fn ask(&self, query: Query, deadline: Duration) -> Result<Answer, Failure> {
        let buffers = self
            .buffers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let (reply, answer) = bounded(1);
        let sender = self.sender();
        if sender
            .send(Job {
                query,
                buffers,
                reply,
            })
            .is_err()
        {
            return Err(Failure::Unavailable);
        }
        answer
            .recv_timeout(deadline)
            .unwrap_or(Err(Failure::TimedOut))
    }

    fn sender(&self) -> Sender<Job> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = jobs.as_ref() {
            return s.clone();
        }
        let (tx, rx) = unbounded();
        let interrupt = self.interrupt.clone();
        let read = self.read.clone();
        let running_since = Arc::new(Mutex::new(None));
        let watched = running_since.clone();
        let watchdog_interrupt = interrupt.clone();
        let limit = self.hard_limit;
        let current = self.buffers.clone();
        let disk_changed = self.disk_changed.clone();
        let _ = std::thread::Builder::new()
            .name("firn-eval-watchdog".into())
            .spawn(move || watchdog(watched, watchdog_interrupt, limit));
        let started = std::thread::Builder::new()
            .name("firn-eval".into())
            .stack_size(STACK)
            .spawn(move || {
                serve(
                    rx,
                    interrupt,
                    running_since,
                    limit,
                    read,
                    current,
                    disk_changed,
                )
            });
        if started.is_ok() {
            *jobs = Some(tx.clone());
        }
        tx
    }
}

/// The options of every editor evaluation: files only.
pub fn editor_options(interrupt: Arc<AtomicBool>) -> eval::EvalOptions {
    let mut options = eval::EvalOptions {
        run_git: false,
        editor: true,
        messages: Rc::new(|_| {}),
        interrupt: Some(interrupt),
        ..Default::default()
    };
    options.limits.max_calls = Some(CALL_BUDGET);
    options.limits.max_memory = Some(MEMORY_CEILING);
    if let Ok(nix_path) = std::env::var("NIX_PATH") {
        for entry in nix_path.split(':').filter(|e| !e.is_empty()) {
            options
                .search_path
                .push(eval::SearchPathEntry::parse(entry));
        }
    }
    options
}

/// A warm evaluator and what it has answered.
struct Warm {
    machine: eval::Machine,
    reads: Rc<RecordingFs>,
    /// When the files it read from disk were last checked.
    disk_checked: Instant,
    answers: HashMap<Query, Result<Answer, Failure>>,
}

type RunningSince = Arc<Mutex<Option<Instant>>>;

/// Interrupts an evaluation that has run past `limit`; ends with the service.
fn watchdog(running_since: RunningSince, interrupt: Arc<AtomicBool>, limit: Duration) {
    while Arc::strong_count(&running_since) > 1 {
        std::thread::sleep(Duration::from_millis(50));
        let since = *running_since.lock().unwrap_or_else(|e| e.into_inner());
        if since.is_some_and(|s| s.elapsed() > limit) {
            interrupt.store(true, Ordering::Relaxed);
        }
    }
}

fn serve(
    jobs: Receiver<Job>,
    interrupt: Arc<AtomicBool>,
    running_since: RunningSince,
    limit: Duration,
    read: ReadSet,
    current: Arc<Mutex<Buffers>>,
    disk_changed: Arc<AtomicBool>,
) {
    let mut warm: Option<Warm> = None;
    let set_running = |at: Option<Instant>| {
        *running_since.lock().unwrap_or_else(|e| e.into_inner()) = at;
    };
    while let Ok(mut job) = jobs.recv() {
        // Asked about text that has changed since (keystrokes queue questions faster than
        // a cold evaluation answers): its answer would be stale, and the newer question
        // is behind it in the queue.
        let outdated =
            !jobs.is_empty() && *current.lock().unwrap_or_else(|e| e.into_inner()) != job.buffers;
        if outdated {
            let _ = job.reply.send(Err(Failure::Cancelled));
            continue;
        }
        interrupt.store(false, Ordering::Relaxed);
        for path in &job.query.saved {
            job.buffers.remove(path);
        }
        if let Some(w) = warm.as_mut() {
            let check_disk = disk_changed.swap(false, Ordering::Relaxed)
                || w.disk_checked.elapsed() >= DISK_RECHECK;
            if !w.reads.unchanged(&job.buffers, check_disk) {
                warm = None;
            } else if check_disk {
                w.disk_checked = Instant::now();
            }
        }
        let w = warm.get_or_insert_with(|| {
            let reads = Rc::new(RecordingFs::new(job.buffers.clone(), read.clone()));
            let machine = eval::Machine::new(editor_options(interrupt.clone()), reads.clone());
            Warm {
                machine,
                reads,
                disk_checked: Instant::now(),
                answers: HashMap::new(),
            }
        });
        if let Some(answer) = w.answers.get(&job.query) {
            let _ = job.reply.send(answer.clone());
            continue;
        }
        let machine = &mut w.machine;
        let query = &job.query;
        let started = Instant::now();
        set_running(Some(started));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::answer::answer(machine, query)
        }));
        set_running(None);
        let result = match result {
            Ok(r) => r,
            Err(_) => {
                warm = None;
                let _ = job.reply.send(Err(Failure::Evaluation(
                    "the evaluation panicked (a firn bug)".into(),
                )));
                continue;
            }
        };
        // An interrupted answer is not an answer: ask again later.
        // Stopped part way (an edit, the watchdog, a budget): the evaluator's thunks may
        // remember the stop, so it is dropped, and the answer is not kept.
        let stopped = match result {
            _ if started.elapsed() >= limit => Some(Err(Failure::TimedOut)),
            Err(Failure::TimedOut | Failure::Cancelled) => Some(result.clone()),
            _ if interrupt.load(Ordering::Relaxed) => Some(Err(Failure::Cancelled)),
            _ => None,
        };
        if let Some(result) = stopped {
            warm = None;
            let _ = job.reply.send(result);
            continue;
        }
        w.answers.insert(job.query.clone(), result.clone());
        let _ = job.reply.send(result);
    }
}
