//! Hands what the evaluator computed to the Nix daemon and builds it: the closure of the
//! targets' derivations and sources, uploaded in dependency order (only what the store
//! lacks), each path the daemon reports compared with firn's own, then one
//! `BuildPathsWithResults`.

use super::installable::Target;
use super::progress::Progress;
use eval::{Machine, Pos};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;
use store::daemon::{BuildResult, Daemon, DaemonError, Options, select_store};

/// The daemon flags every building command shares.
#[derive(clap::Args, Debug, Clone)]
pub struct DaemonArgs {
    /// The store (a daemon): `daemon`, `unix://PATH`, `auto` (default: NIX_REMOTE, then
    /// nix.conf's `store`).
    #[arg(long, value_name = "URI")]
    pub store: Option<String>,
    /// Build this many derivations at once.
    #[arg(short = 'j', long = "max-jobs", value_name = "N")]
    pub max_jobs: Option<u64>,
    /// Cores each build may use (default: all of this machine's).
    #[arg(long, value_name = "N")]
    pub cores: Option<u64>,
    /// Keep building what does not depend on a failed derivation.
    #[arg(short = 'k', long)]
    pub keep_going: bool,
    /// Set a Nix option for this build (the daemon ignores restricted ones from untrusted
    /// users).
    #[arg(long, num_args = 2, value_names = ["NAME", "VALUE"])]
    pub option: Vec<String>,
}

impl DaemonArgs {
    pub fn connect(&self) -> Result<Daemon, String> {
        let selection = select_store(
            self.store.as_deref(),
            &|name| std::env::var(name).ok(),
            &|path| std::fs::read_to_string(path).ok(),
        )?;
        let mut daemon = Daemon::connect(&selection.socket).map_err(|e| e.message)?;
        let options = Options {
            keep_going: self.keep_going,
            max_build_jobs: self.max_jobs.unwrap_or(1),
            // As Nix's `cores` default: every core of this machine.
            build_cores: self.cores.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
            }),
            overrides: self
                .option
                .chunks(2)
                .map(|p| (p[0].clone(), p[1].clone()))
                .collect(),
            ..Options::default()
        };
        daemon.set_options(&options).map_err(|e| e.message)?;
        Ok(daemon)
    }
}

/// Every store path the targets need, dependencies first: the `.drv` files and, for each,
/// its sources and the references of those.
pub fn closure(m: &Machine, targets: &[Target]) -> Result<Vec<String>, String> {
    let dir = m.store_dir(Pos::NONE).map_err(|e| e.message)?;
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    // An explicit stack of (path, children pushed?) keeps deep dependency chains off the
    // native stack.
    let mut stack: Vec<(String, bool)> = targets
        .iter()
        .map(|t| (t.drv_path.clone(), false))
        .collect();
    stack.reverse();
    while let Some((path, expanded)) = stack.pop() {
        if expanded {
            order.push(path);
            continue;
        }
        if !seen.insert(path.clone()) {
            continue;
        }
        stack.push((path.clone(), true));
        let store_path = dir.parse(&path).map_err(|e| e.to_string())?;
        let children: Vec<String> = match m.derivation_cache.derivations.get(&store_path) {
            Some(drv) => drv
                .input_drvs
                .keys()
                .chain(&drv.input_srcs)
                .map(|p| dir.print(p))
                .collect(),
            None => match m.store_objects.get(&path) {
                Some(eval::store_ops::StoreObject::Text { references, .. }) => references.clone(),
                _ => Vec::new(),
            },
        };
        for child in children.into_iter().rev() {
            if !seen.contains(&child) {
                stack.push((child, false));
            }
        }
    }
    Ok(order)
}

/// Uploads what the daemon's store lacks of `paths` (in order), checking each path.
pub fn upload(m: &mut Machine, daemon: &mut Daemon, paths: &[String]) -> Result<usize, String> {
    let valid: BTreeSet<String> = daemon
        .query_valid_paths(paths)
        .map_err(|e| e.message)?
        .into_iter()
        .collect();
    let mut added = 0;
    for path in paths.iter().filter(|p| !valid.contains(*p)) {
        let (method, data, references) = m
            .store_object_data(path, Pos::NONE)
            .map_err(|e| format!("cannot upload '{path}': {}", e.message))?;
        let name = path
            .rsplit('/')
            .next()
            .and_then(|b| b.split_once('-'))
            .map_or("", |(_, n)| n);
        let info = daemon
            .add_to_store(name, method, &references, &data[..])
            .map_err(|e| format!("the daemon refused '{path}': {}", e.message))?;
        if info.path != *path {
            return Err(format!(
                "firn bug: the daemon stored '{name}' at '{}', but firn computed '{path}' \
                 (please report it, with the expression)",
                info.path
            ));
        }
        added += 1;
    }
    Ok(added)
}

/// The outputs firn computed for a target, by name.
pub fn expected_outputs(m: &Machine, target: &Target) -> Result<Vec<(String, String)>, String> {
    let dir = m.store_dir(Pos::NONE).map_err(|e| e.message)?;
    let path = dir.parse(&target.drv_path).map_err(|e| e.to_string())?;
    let drv = m
        .derivation_cache
        .derivations
        .get(&path)
        .ok_or_else(|| format!("'{}' is not known to this evaluation", target.drv_path))?;
    target
        .outputs
        .iter()
        .map(|o| {
            let out = drv
                .outputs
                .get(o)
                .and_then(|d| d.path.as_ref())
                .ok_or_else(|| format!("derivation '{}' has no output '{o}'", target.drv_path))?;
            Ok((o.clone(), dir.print(out)))
        })
        .collect()
}

/// Builds the targets, streaming events to `progress`; the daemon's result for each. When
/// `interrupt` is set (Ctrl-C), the connection is closed and the daemon stops the builds.
pub fn build(
    daemon: &mut Daemon,
    targets: &[Target],
    progress: &mut Progress,
    interrupt: Option<Arc<AtomicBool>>,
) -> Result<Vec<BuildResult>, DaemonError> {
    let paths: Vec<String> = targets
        .iter()
        .map(|t| format!("{}!{}", t.drv_path, t.outputs.join(",")))
        .collect();
    // The watcher wakes every 50 ms to look at the flag, and at once when the build ends.
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let watcher = interrupt.map(|flag| {
        let canceller = daemon.canceller();
        std::thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) =
                finished.recv_timeout(Duration::from_millis(50))
            {
                if flag.load(Ordering::SeqCst) {
                    canceller.cancel();
                    return;
                }
            }
        })
    });
    let results = daemon.build_paths(&paths, &mut |e| progress.event(&e));
    drop(done);
    if let Some(w) = watcher {
        let _ = w.join();
    }
    progress.finish();
    // The daemon answers in its own order, and merges requests for one derivation: match
    // each target to a result for its derivation, preferring one that names its outputs.
    let results = results?;
    let split = |path: &str| -> (String, Vec<String>) {
        let (drv, outputs) = path.split_once('!').unwrap_or((path, ""));
        (
            drv.to_string(),
            outputs.split(',').map(str::to_string).collect(),
        )
    };
    paths
        .iter()
        .map(|p| {
            let (drv, wanted) = split(p);
            let for_drv = || results.iter().filter(|(r, _)| split(r).0 == drv);
            let covers = |r: &str| {
                let (_, outs) = split(r);
                outs.iter().any(|o| o == "*") || wanted.iter().all(|w| outs.contains(w))
            };
            for_drv()
                .find(|(r, _)| covers(r))
                .or_else(|| for_drv().next())
                .map(|(_, result)| result.clone())
                .ok_or_else(|| {
                    DaemonError::protocol(format!("the daemon sent no result for '{p}'"))
                })
        })
        .collect()
}

/// The daemon's outputs against firn's: a difference is a firn bug.
pub fn check_outputs(
    m: &Machine,
    target: &Target,
    result: &BuildResult,
) -> Result<Vec<(String, String)>, String> {
    let expected = expected_outputs(m, target)?;
    let dir = m.store_dir(Pos::NONE).map_err(|e| e.message)?;
    for (name, path) in &expected {
        if let Some(base) = result.built_outputs.get(name) {
            let got = format!("{}/{base}", dir.as_str());
            if got != *path {
                return Err(format!(
                    "firn bug: the daemon built output '{name}' of '{}' at '{got}', but firn \
                     computed '{path}'",
                    target.drv_path
                ));
            }
        }
    }
    Ok(expected)
}
