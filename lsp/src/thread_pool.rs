//! The worker threads requests and diagnostics run on. Each has the large stack the
//! server was started with (deep trees), and a job that panics does not take its thread
//! with it: the job's own wrapper turns the panic into an error answer first.

use crossbeam_channel::Sender;
use std::panic::{AssertUnwindSafe, catch_unwind};

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct ThreadPool {
    jobs: Sender<Job>,
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
        ThreadPool { jobs }
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
