//! `firn build`: evaluates installables with firn's evaluator and builds them through the
//! Nix daemon, with `nix build`'s flags and output (`result` links, `--json`,
//! `--print-out-paths`, `--dry-run`, `-L`). A failure prints the daemon's message and where
//! the failing derivation was written; the exit status is 1, as `nix build`'s.

pub mod installable;
pub mod progress;
pub mod realise;

use installable::{InstallableArgs, Target};
use progress::{LogFormat, Progress};
use realise::DaemonArgs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use store::daemon::{Daemon, strip_ansi};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub installables: InstallableArgs,
    #[command(flatten)]
    pub daemon: DaemonArgs,
    /// The symlink to the result (`result`; other outputs get `-<output>`, further
    /// installables `-<n>`).
    #[arg(short = 'o', long = "out-link", default_value = "result")]
    out_link: String,
    /// Make no `result` symlink.
    #[arg(long)]
    no_link: bool,
    /// Print `[{"drvPath": …, "outputs": {…}}]` on standard output.
    #[arg(long)]
    json: bool,
    /// Print each output path on standard output.
    #[arg(long)]
    print_out_paths: bool,
    /// Show what would be built, and build nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the builds' log lines, each prefixed with its derivation's name.
    #[arg(short = 'L', long = "print-build-logs")]
    print_build_logs: bool,
    /// How to show progress: `raw`, `bar`, `bar-with-logs`, `internal-json`.
    #[arg(long, value_enum)]
    log_format: Option<LogFormat>,
}

/// What `nix build` tries for a flake reference without an attribute, and before one.
pub fn flake_attrs(system: &str) -> (Vec<String>, Vec<String>) {
    (
        vec![
            format!("packages.{system}.default"),
            format!("defaultPackage.{system}"),
        ],
        vec![
            format!("packages.{system}."),
            format!("legacyPackages.{system}."),
        ],
    )
}

pub fn run(args: BuildArgs) -> ExitCode {
    let mut m = args.installables.machine();
    let (defaults, prefixes) = flake_attrs(&m.options.current_system.clone());
    let targets = match args.installables.targets(&mut m, &defaults, &prefixes) {
        Ok(t) => t,
        Err(e) => {
            crate::eval::report(&m, &e);
            crate::eval::exit_leaving_values(1, (), m);
        }
    };
    let code = match build(&mut m, &args, &targets) {
        Ok(()) => 0,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            1
        }
    };
    crate::eval::exit_leaving_values(code, targets, m)
}

fn build(m: &mut eval::Machine, args: &BuildArgs, targets: &[Target]) -> Result<(), String> {
    let mut daemon = args.daemon.connect()?;
    let closure = realise::closure(m, targets)?;
    if args.dry_run {
        return dry_run(m, &mut daemon, &closure);
    }
    realise::upload(m, &mut daemon, &closure)?;
    let mut progress = Progress::new(args.log_format, args.print_build_logs);
    let interrupt = m.options.interrupt.clone();
    let results =
        realise::build(&mut daemon, targets, &mut progress, interrupt.clone()).map_err(|e| {
            match interrupt {
                Some(flag) if flag.load(std::sync::atomic::Ordering::SeqCst) => {
                    "interrupted by the user: the daemon stops the builds".to_string()
                }
                _ => e.message,
            }
        })?;
    // As Nix 2.8: one entry per derivation (outputs merged), sorted by `.drv` path.
    let mut built: std::collections::BTreeMap<&str, std::collections::BTreeMap<String, String>> =
        Default::default();
    let mut failure = None;
    for (target, result) in targets.iter().zip(&results) {
        if result.success() {
            let outputs = realise::check_outputs(m, target, result)?;
            built.entry(&target.drv_path).or_default().extend(outputs);
        } else if failure.is_none() {
            failure = Some((target, result));
        }
    }
    if let Some((target, result)) = failure {
        let message = strip_ansi(&result.error_msg);
        let mut failed = progress.failed.clone();
        failed.extend(progress::failed_drv(&message).map(|d| (d, message.clone())));
        report_failure(m, target, &message, &failed, args.log_format);
        return Err(String::new());
    }
    if !args.no_link {
        for (i, outputs) in built.values().enumerate() {
            for (name, path) in outputs {
                let mut link = args.out_link.clone();
                if i > 0 {
                    link.push_str(&format!("-{i}"));
                }
                if name != "out" {
                    link.push_str(&format!("-{name}"));
                }
                out_link(&mut daemon, path, Path::new(&link))?;
            }
        }
    }
    if args.json {
        let json: Vec<serde_json::Value> = built
            .iter()
            .map(|(drv, outputs)| serde_json::json!({"drvPath": drv, "outputs": outputs}))
            .collect();
        println!("{}", serde_json::Value::from(json));
    }
    if args.print_out_paths {
        for outputs in built.values() {
            for path in outputs.values() {
                println!("{path}");
            }
        }
    }
    Ok(())
}

/// A derivation a failure involves: what it is to the user, where it is written (file,
/// line, column) and the message about it.
struct Place {
    drv: String,
    what: String,
    at: (String, u32, u32),
    why: String,
}

/// Where the failing derivations were written: the one that failed (from the daemon's
/// messages) and the installable that needed it. With `--log-format internal-json`, as
/// Nix's positioned messages (`file`, `line`, `column`), which editors turn into
/// diagnostics.
fn report_failure(
    m: &eval::Machine,
    target: &Target,
    message: &str,
    failed: &[(String, String)],
    format: Option<LogFormat>,
) {
    let describe = |drv: &str| -> Option<(String, u32, u32)> {
        let dir = m.store_dir(eval::Pos::NONE).ok()?;
        let pos = *m.derivation_cache.positions.get(&dir.parse(drv).ok()?)?;
        let (file, line, col) = m.sources.describe(pos)?;
        // A flake's files are read at their store path: show the one on disk.
        let file = m
            .mounts
            .translate(Path::new(&file))
            .map_or(file, |p| p.display().to_string());
        Some((file, line, col))
    };
    // (drv, what, where, why)
    let mut places: Vec<Place> = Vec::new();
    for (drv, why) in failed {
        if places.iter().any(|p| p.drv == *drv) {
            continue;
        }
        if let Some(at) = describe(drv) {
            let what = format!(
                "derivation '{}' is defined",
                progress::drv_display_name(drv)
            );
            let (drv, why) = (drv.clone(), why.clone());
            places.push(Place { drv, what, at, why });
        }
    }
    if !failed.iter().any(|(d, _)| *d == target.drv_path)
        && let Some(at) = describe(&target.drv_path)
    {
        let what = format!("needed by '{}', defined", target.label);
        let (drv, why) = (target.drv_path.clone(), message.to_string());
        places.push(Place { drv, what, at, why });
    }
    if format == Some(LogFormat::InternalJson) {
        let error =
            serde_json::json!({"action": "msg", "level": 0, "msg": format!("error: {message}")});
        eprintln!("@nix {error}");
        for Place {
            drv,
            what,
            at: (file, line, column),
            why,
        } in &places
        {
            let event = serde_json::json!({"action": "msg", "level": 0, "msg": what,
                "file": file, "line": line, "column": column, "drvPath": drv, "error": why});
            eprintln!("@nix {event}");
        }
        return;
    }
    eprintln!("error: {}", message.replace('\n', "\n       "));
    for Place {
        what,
        at: (file, line, col),
        ..
    } in places
    {
        eprintln!("       {what} at {file}:{line}:{col}");
    }
}

/// `nix build --dry-run`: the derivations whose outputs the store lacks, without uploading.
fn dry_run(m: &eval::Machine, daemon: &mut Daemon, closure: &[String]) -> Result<(), String> {
    let dir = m.store_dir(eval::Pos::NONE).map_err(|e| e.message)?;
    let mut outputs = Vec::new();
    let mut drvs = Vec::new();
    for path in closure {
        let Ok(p) = dir.parse(path) else { continue };
        if let Some(drv) = m.derivation_cache.derivations.get(&p) {
            let outs: Vec<String> = drv
                .outputs
                .values()
                .filter_map(|o| o.path.as_ref().map(|p| dir.print(p)))
                .collect();
            outputs.extend(outs.clone());
            drvs.push((path.clone(), outs));
        }
    }
    let valid: std::collections::HashSet<String> = daemon
        .query_valid_paths(&outputs)
        .map_err(|e| e.message)?
        .into_iter()
        .collect();
    let missing: Vec<&String> = drvs
        .iter()
        .filter(|(_, outs)| outs.iter().any(|o| !valid.contains(o)))
        .map(|(d, _)| d)
        .collect();
    match missing.len() {
        0 => {}
        1 => eprintln!("this derivation will be built:"),
        n => eprintln!("these {n} derivations will be built:"),
    }
    for d in missing {
        eprintln!("  {d}");
    }
    Ok(())
}

/// Points `link` at `target` (replacing it atomically) and registers it as a GC root.
pub fn out_link(daemon: &mut Daemon, target: &str, link: &Path) -> Result<(), String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let link = cwd.join(link);
    let dir = link.parent().unwrap_or(Path::new("/"));
    let temp = dir.join(format!(
        ".{}.firn-{}",
        link.file_name()
            .map_or("result".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&temp);
    std::os::unix::fs::symlink(target, &temp)
        .and_then(|()| std::fs::rename(&temp, &link))
        .map_err(|e| format!("cannot create '{}': {e}", link.display()))?;
    daemon.add_indirect_root(&link).map_err(|e| {
        format!(
            "cannot register '{}' as a GC root: {}",
            link.display(),
            e.message
        )
    })
}
