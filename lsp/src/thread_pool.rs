//! The worker threads requests and diagnostics run on. Each has the large stack the
//! server was started with (deep trees), and a job that panics does not take its thread
//! with it: the job's own wrapper turns the panic into an error answer first.

use crossbeam_channel::Sender;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Barrier};

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct ThreadPool {
    jobs: Sender<Job>,
    threads: usize,
}

impl ThreadPool {
    pub fn new(threads: usize, stack_size: usize) -> ThreadPool {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("firn-worker-{i}"))
                .stack_size(stack_size)
                .spawn(move || {
                    for job in queue {
                        // Jobs catch their own panics; this only keeps the thread alive.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })
                .expect("a worker thread");
        }
        ThreadPool { jobs, threads }
    }

    /// Runs `f` once on every worker (each waits for the others before running it, so
    /// none takes two), behind the jobs already queued.
    pub fn on_every_thread(&self, f: fn()) {
        let barrier = Arc::new(Barrier::new(self.threads));
        for _ in 0..self.threads {
            let barrier = barrier.clone();
            self.spawn(move || {
                barrier.wait();
                f();
            });
        }
    }

    pub fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        // The workers outlive the main loop, so the queue is never closed.
        let _ = self.jobs.send(Box::new(job));
    }
}

/// The message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    static SEEN: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

    #[test]
    fn on_every_thread_runs_once_on_each_worker() {
        let pool = ThreadPool::new(4, 1 << 20);
        pool.on_every_thread(|| SEEN.lock().unwrap().push(std::thread::current().id()));
        let started = std::time::Instant::now();
        while SEEN.lock().unwrap().len() < 4 && started.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Any extra run would come right after: give it the time to show.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let seen = SEEN.lock().unwrap().clone();
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 4, "{seen:?}");
    }
}
