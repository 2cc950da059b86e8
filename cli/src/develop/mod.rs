//! `firn print-dev-env` and `firn develop`: the environment of a development shell, computed
//! as `nix develop` computes it. The shell's derivation is copied with firn's `get-env.sh` as
//! its builder (`<name>-env`, every output input-addressed again), built through the daemon,
//! and its output, the shell's bash environment as JSON, read back with `NarFromPath`. An
//! unchanged shell gives the same `.drv`, already built: no build, one read.

mod rc_script;

use crate::build::installable::{InstallableArgs, Target, fail};
use crate::build::progress::{LogFormat, Progress};
use crate::build::realise::{self, DaemonArgs};
use eval::store_ops::StoreObject;
use eval::{EvalError, Machine, Pos};
use serde_json::{Map, Value as Json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use store::StorePath;
use store::daemon::{Daemon, strip_ansi};
use store::derivation::DerivationOutput;

/// firn's environment dumper, the builder of every `-env` derivation.
const GET_ENV: &str = include_str!("get-env.sh");

#[derive(clap::Args, Debug)]
pub struct DevEnvArgs {
    #[command(flatten)]
    pub installables: InstallableArgs,
    #[command(flatten)]
    pub daemon: DaemonArgs,
    /// Keep the environment alive as a GC root at this symlink.
    #[arg(long, value_name = "PATH")]
    profile: Option<PathBuf>,
    /// Print the builds' log lines.
    #[arg(short = 'L', long = "print-build-logs")]
    print_build_logs: bool,
    /// How to show progress: `raw`, `bar`, `bar-with-logs`, `internal-json`.
    #[arg(long, value_enum)]
    log_format: Option<LogFormat>,
}

#[derive(clap::Args, Debug)]
pub struct PrintDevEnvArgs {
    #[command(flatten)]
    common: DevEnvArgs,
    /// Print the environment as JSON, in `nix print-dev-env --json`'s format.
    #[arg(long, conflicts_with = "env_json")]
    json: bool,
    /// Print what an editor applies: the exported variables (without the build's own,
    /// `PATH` joined with this process's), the shell hook, and the files the evaluation
    /// read (to watch).
    #[arg(long)]
    env_json: bool,
}

#[derive(clap::Args, Debug)]
pub struct DevelopArgs {
    #[command(flatten)]
    common: DevEnvArgs,
    /// Run this command in the environment instead of an interactive shell.
    #[arg(short = 'c', long = "command", num_args = 1.., allow_hyphen_values = true)]
    command: Vec<String>,
}

/// A computed environment.
pub struct DevEnv {
    pub json: Json,
    pub env_drv: String,
    pub out_path: String,
    /// Files the evaluation read, on disk.
    pub inputs: Vec<String>,
}

pub fn print_dev_env(args: PrintDevEnvArgs) -> ExitCode {
    run(&args.common, |env| {
        if args.json {
            println!("{}", nix_json(&env.json));
        } else if args.env_json {
            println!(
                "{}",
                rc_script::editor_json(env, &std::env::var("PATH").unwrap_or_default())
            );
        } else {
            println!("{}", rc_script::rc_script(&env.json, &current_dir()));
        }
        Ok(0)
    })
}

pub fn develop(args: DevelopArgs) -> ExitCode {
    run(&args.common, |env| {
        let script = rc_script::rc_script(&env.json, &current_dir());
        let rc = std::env::temp_dir().join(format!("firn-develop-{}.rc", std::process::id()));
        std::fs::write(&rc, script).map_err(|e| format!("writing '{}': {e}", rc.display()))?;
        let mut shell = std::process::Command::new("bash");
        if args.command.is_empty() {
            shell.arg("--rcfile").arg(&rc);
        } else {
            // As `nix develop -c`: the environment, the shell hook, then the command.
            shell
                .arg("-c")
                .arg(format!("source '{}'; exec \"$@\"", rc.display()))
                .arg("firn-develop")
                .args(&args.command);
        }
        let status = shell
            .status()
            .map_err(|e| format!("cannot run bash: {e}"))?;
        let _ = std::fs::remove_file(&rc);
        Ok(status.code().unwrap_or(1))
    })
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

fn run(args: &DevEnvArgs, show: impl FnOnce(&DevEnv) -> Result<i32, String>) -> ExitCode {
    let mut m = args.installables.machine();
    let code = match dev_env(&mut m, args) {
        Ok(env) => match show(&env) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                1
            }
        },
        Err(DevEnvError::Eval(e)) => {
            crate::eval::report(&m, &e);
            1
        }
        Err(DevEnvError::Other(message)) => {
            eprintln!("error: {message}");
            1
        }
    };
    crate::eval::exit_leaving_values(code, (), m)
}

pub enum DevEnvError {
    Eval(Box<EvalError>),
    Other(String),
}

impl From<Box<EvalError>> for DevEnvError {
    fn from(e: Box<EvalError>) -> Self {
        DevEnvError::Eval(e)
    }
}

impl From<String> for DevEnvError {
    fn from(e: String) -> Self {
        DevEnvError::Other(e)
    }
}

/// The shell to enter: the installable, or without one the flake here (`devShells.<system>.
/// default`, `devShell.<system>`), else `shell.nix`, else `default.nix`.
fn shell_target(m: &mut Machine, args: &InstallableArgs) -> Result<Target, Box<EvalError>> {
    let mut args = args.clone();
    let given = !args.installables.is_empty()
        || args.file.is_some()
        || args.expr.is_some()
        || !args.attr.is_empty();
    if !given && !Path::new("flake.nix").exists() {
        args.file = Some(if Path::new("shell.nix").exists() {
            "shell.nix".into()
        } else {
            "default.nix".into()
        });
    }
    let system = m.options.current_system.clone();
    let defaults = vec![
        format!("devShells.{system}.default"),
        format!("devShell.{system}"),
    ];
    let prefixes = vec![
        format!("devShells.{system}."),
        format!("packages.{system}."),
        format!("legacyPackages.{system}."),
    ];
    let mut targets = args.targets(m, &defaults, &prefixes)?;
    match targets.len() {
        1 => Ok(targets.remove(0)),
        n => Err(fail(format!(
            "a development shell needs one derivation, not {n}"
        ))),
    }
}

pub fn dev_env(m: &mut Machine, args: &DevEnvArgs) -> Result<DevEnv, DevEnvError> {
    let target = shell_target(m, &args.installables)?;
    let env_target = env_derivation(m, &target)?;
    let mut daemon = args.daemon.connect()?;
    let expected = realise::expected_outputs(m, &env_target)?;
    let out_path = expected[0].1.clone();
    // An unchanged shell: its environment is built already.
    if daemon
        .query_valid_paths(std::slice::from_ref(&out_path))
        .map_err(|e| e.message)?
        .is_empty()
    {
        build_env(m, &mut daemon, &env_target, &target, args)?;
    }
    let json = read_env(&mut daemon, &out_path)?;
    if let Some(profile) = &args.profile {
        keep_dir(profile)?;
        crate::build::out_link(&mut daemon, &out_path, profile)?;
    }
    Ok(DevEnv {
        json,
        env_drv: env_target.drv_path,
        out_path,
        inputs: read_files(m),
    })
}

fn build_env(
    m: &mut Machine,
    daemon: &mut Daemon,
    env_target: &Target,
    target: &Target,
    args: &DevEnvArgs,
) -> Result<(), DevEnvError> {
    let closure = realise::closure(m, std::slice::from_ref(env_target))?;
    realise::upload(m, daemon, &closure)?;
    let mut progress = Progress::new(
        Some(args.log_format.unwrap_or(LogFormat::Raw)),
        args.print_build_logs,
    );
    let results = realise::build(
        daemon,
        std::slice::from_ref(env_target),
        &mut progress,
        m.options.interrupt.clone(),
    )
    .map_err(|e| e.message)?;
    let result = &results[0];
    if !result.success() {
        return Err(format!(
            "building the environment of '{}' failed: {}",
            target.label,
            strip_ansi(&result.error_msg)
        )
        .into());
    }
    realise::check_outputs(m, env_target, result)?;
    Ok(())
}

/// The `-env` copy of the shell's derivation (as Nix 2.8's `getDerivationEnvironment`):
/// firn's `get-env.sh` as its only argument and an input source, no reference checks,
/// `-env` added to the name, every output input-addressed and recomputed.
fn env_derivation(m: &mut Machine, shell: &Target) -> Result<Target, DevEnvError> {
    let dir = m.store_dir(Pos::NONE)?;
    let path = dir.parse(&shell.drv_path).map_err(|e| e.to_string())?;
    let mut drv = m
        .derivation_cache
        .derivations
        .get(&path)
        .cloned()
        .ok_or_else(|| format!("'{}' is not known to this evaluation", shell.drv_path))?;
    if Path::new(&drv.builder)
        .file_name()
        .is_none_or(|n| n != "bash")
    {
        return Err(format!(
            "'firn develop' only works on derivations that use 'bash' as their builder \
             ('{}' uses '{}')",
            shell.label, drv.builder
        )
        .into());
    }
    let get_env_hash = store::Hash::digest(store::HashAlgo::Sha256, GET_ENV);
    let get_env = dir
        .make_text_path("get-env.sh", &get_env_hash, &Default::default())
        .map_err(|e| e.to_string())?;
    let get_env_str = dir.print(&get_env);
    m.store_objects.insert(
        get_env_str.clone(),
        StoreObject::Text {
            contents: GET_ENV.as_bytes().to_vec(),
            references: Vec::new(),
        },
    );
    drv.args = vec![get_env_str];
    drv.input_srcs.insert(get_env);
    for check in [
        "allowedReferences",
        "allowedRequisites",
        "disallowedReferences",
        "disallowedRequisites",
    ] {
        drv.env.remove(check);
    }
    drv.name.push_str("-env");
    for output in drv.outputs.values_mut() {
        *output = DerivationOutput::input_addressed(None);
    }
    let cache = &m.derivation_cache.hashes;
    let mut lookup = |p: &StorePath| {
        cache.get(p).cloned().ok_or_else(|| {
            store::derivation::DerivationError::UnknownInput(p.base_name().to_string())
        })
    };
    drv.fill_output_paths(&dir, &mut lookup)
        .map_err(|e| e.to_string())?;
    let drv_path = drv.drv_path(&dir).map_err(|e| e.to_string())?;
    let outputs = drv.outputs.keys().cloned().collect();
    let drv_path_str = dir.print(&drv_path);
    m.derivation_cache.derivations.insert(drv_path, drv);
    Ok(Target {
        drv_path: drv_path_str,
        outputs,
        label: format!("{} (environment)", shell.label),
    })
}

fn read_env(daemon: &mut Daemon, out_path: &str) -> Result<Json, String> {
    let nar = daemon.nar_from_path(out_path).map_err(|e| e.message)?;
    let bytes = store::nar::regular_file_contents(&nar)
        .ok_or_else(|| format!("the environment '{out_path}' is not a file"))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("the environment '{out_path}' is not valid JSON: {e}"))
}

/// `nix print-dev-env --json`: the dump with the variables of unknown type left out.
fn nix_json(env: &Json) -> Json {
    let mut out = env.clone();
    if let Some(vars) = out.get_mut("variables").and_then(Json::as_object_mut) {
        vars.retain(|_, v| v.get("type").and_then(Json::as_str) != Some("unknown"));
    }
    let mut ordered = Map::new();
    for key in ["bashFunctions", "variables"] {
        ordered.insert(
            key.into(),
            out.get(key).cloned().unwrap_or(Json::Object(Map::new())),
        );
    }
    Json::Object(ordered)
}

/// Creates the directory of a `--profile` link; a new `.firn` directory (where the editor
/// keeps the last environment, as direnv keeps `.direnv`) ignores itself in git.
fn keep_dir(profile: &Path) -> Result<(), String> {
    let Some(dir) = profile.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create '{}': {e}", dir.display()))?;
    if dir.file_name().is_some_and(|n| n == ".firn") {
        let _ = std::fs::write(dir.join(".gitignore"), "*\n");
    }
    Ok(())
}

/// The files the evaluation read, as on disk (a mounted flake source by its directory).
fn read_files(m: &Machine) -> Vec<String> {
    let mut files: Vec<String> = m
        .sources
        .all()
        .iter()
        .filter_map(|s| match &s.origin {
            eval::source::Origin::File(p) => {
                let real = m.mounts.translate(p).unwrap_or_else(|| p.clone());
                Some(real.display().to_string())
            }
            _ => None,
        })
        .collect();
    for f in files.clone() {
        if f.ends_with("/flake.nix") {
            files.push(f.replace("/flake.nix", "/flake.lock"));
        }
    }
    files.sort();
    files.dedup();
    files
}
