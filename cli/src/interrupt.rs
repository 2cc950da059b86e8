//! Ctrl-C during evaluation. The handler sets the evaluator's interrupt flag, which it checks
//! at every function call, so a runaway loop ends with an error and exit status 130, as in
//! Nix. Something that checks no flag (a read blocked on a FIFO) is ended after a grace
//! period, or at once by a second Ctrl-C.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long an interrupted evaluation may take to notice before the process exits.
const GRACE: Duration = Duration::from_secs(2);

/// The flag a Ctrl-C sets (installed once per process; later calls share it).
pub fn on_ctrl_c() -> Arc<AtomicBool> {
    static FLAG: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let set = flag.clone();
        // If no handler can be installed, Ctrl-C keeps its default: the process ends.
        let _ = ctrlc::set_handler(move || {
            if set.swap(true, Ordering::SeqCst) {
                stop();
            }
            std::thread::spawn(|| {
                std::thread::sleep(GRACE);
                stop();
            });
        });
        flag
    })
    .clone()
}

fn stop() -> ! {
    eprintln!("error: interrupted by the user");
    std::process::exit(130)
}
