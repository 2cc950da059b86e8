//! `firn flake show` and `firn flake metadata`: a flake's outputs tree and its inputs, as
//! `nix flake show` / `nix flake metadata` print them (`--json`: the same JSON). Nothing is
//! fetched, locked or written: inputs come from `flake.lock` and this machine.

mod metadata;
mod show;

use eval::flake::Flake;
use eval::{EvalError, EvalOptions, Machine, Pos};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

#[derive(clap::Args)]
pub struct FlakeArgs {
    #[command(subcommand)]
    command: FlakeCommand,
}

#[derive(clap::Subcommand)]
enum FlakeCommand {
    /// The flake's outputs, as a tree (`nix flake show`).
    Show(CommonArgs),
    /// The flake's source, lock and inputs (`nix flake metadata`).
    Metadata(CommonArgs),
}

#[derive(clap::Args)]
struct CommonArgs {
    /// The flake: a directory, `path:…`, `git+file://…`, or a locked reference.
    #[arg(default_value = ".")]
    flake_ref: String,
    /// Print JSON, in the shape Nix prints.
    #[arg(long)]
    json: bool,
    /// Also show `legacyPackages` (show only).
    #[arg(long)]
    legacy: bool,
}

pub fn run(args: FlakeArgs) -> ExitCode {
    let (common, show) = match args.command {
        FlakeCommand::Show(c) => (c, true),
        FlakeCommand::Metadata(c) => (c, false),
    };
    let mut machine = machine(false);
    let result = load(&mut machine, &common.flake_ref).and_then(|flake| {
        if show {
            show::run(&mut machine, &flake, common.json, common.legacy)
        } else {
            Ok(metadata::run(&flake, common.json))
        }
    });
    let code = match &result {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            super::eval::report(&machine, e);
            1
        }
    };
    super::eval::exit_leaving_values(code, result, machine)
}

/// An evaluator for commands that read flakes: pure (as Nix evaluates flakes) unless
/// `impure` (files and expressions given with `-f`/`--expr`).
pub fn machine(impure: bool) -> Machine {
    let mut options = EvalOptions {
        impure,
        ..EvalOptions::default()
    };
    options.limits.max_memory = super::memory_limit::MemoryLimit::default_for_machine().0;
    if let Ok(dir) = std::env::var("NIX_STORE_DIR") {
        options.store_dir = dir;
    }
    options.interrupt = Some(super::interrupt::on_ctrl_c());
    Machine::new(options, Rc::new(eval::DiskFileSystem))
}

fn load(m: &mut Machine, flake_ref: &str) -> Result<Flake, Box<EvalError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let (input, dir) = m.resolve_flake_ref(flake_ref, &cwd, true, Pos::NONE)?;
    m.load_flake(&input, &dir, Pos::NONE)
}
