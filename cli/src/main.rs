//! `firn`: the command-line interface; `firn lsp` runs the language server (the `lsp`
//! crate).

mod allocator;
mod build;
mod check;
mod derivation;
mod develop;
mod diagnostics;
mod eval;
mod flake;
mod fmt;
mod inputs;
mod interrupt;
mod line_window;
mod memory_limit;
mod options;
mod parse;
mod replace_file;
mod store;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc: faster than glibc's malloc for the many small objects evaluation allocates.
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

#[derive(Parser)]
#[command(name = "firn", version, about = "A toolchain for the Nix language")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse Nix files and report syntax errors (exit 1 if any file has one).
    Parse(crate::parse::ParseArgs),
    /// Report diagnostics (errors, unused code, lints) and optionally fix them.
    Check(crate::check::CheckArgs),
    /// Evaluate a Nix expression or file and print its value, as `nix-instantiate --eval`.
    Eval(Box<crate::eval::EvalArgs>),
    /// Format files in the official Nix style (RFC 166, as nixfmt prints it).
    Fmt(crate::fmt::FmtArgs),
    /// Run the language server on standard input and output.
    Lsp {
        /// Accepted and ignored: stdio is the only transport (VS Code's client adds it).
        #[arg(long)]
        stdio: bool,
    },
    /// Store operations: NAR serialisation and hashes, as CppNix computes them.
    Store(crate::store::StoreArgs),
    /// Derivations: show the `.drv` an expression instantiates, as `nix show-derivation`.
    Derivation(Box<crate::derivation::DerivationArgs>),
    /// Flakes: show a flake's outputs or metadata, as `nix flake show` / `metadata`.
    Flake(crate::flake::FlakeArgs),
    /// Build derivations through the Nix daemon, as `nix build`.
    Build(Box<crate::build::BuildArgs>),
    /// Print a development shell's environment, as `nix print-dev-env`.
    PrintDevEnv(Box<crate::develop::PrintDevEnvArgs>),
    /// Enter a development shell (or run a command in it), as `nix develop`.
    Develop(Box<crate::develop::DevelopArgs>),
    /// Options of a module system (NixOS, home-manager, flake-parts): list, JSON, one in full.
    Options(Box<crate::options::OptionsArgs>),
}

/// The stack of the thread that runs a command. Every recursive pass over a tree grows its
/// own stack on demand (`syntax::deep::with_stack`); this covers what cannot, such as the
/// recursive drop of nested data by library code, on trees millions of levels deep. It is
/// address space: only the pages a deep input touches are ever used.
pub const BIG_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::thread::Builder::new()
        .name("firn".into())
        .stack_size(BIG_STACK)
        .spawn(move || run(cli))
        .expect("a thread for the command")
        .join()
        .unwrap_or(ExitCode::from(101))
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Parse(args) => crate::parse::run(args),
        Command::Check(args) => crate::check::run(args),
        Command::Eval(args) => crate::eval::run(*args),
        Command::Fmt(args) => crate::fmt::run(args),
        Command::Store(args) => crate::store::run(args),
        Command::Derivation(args) => crate::derivation::run(*args),
        Command::Flake(args) => crate::flake::run(args),
        Command::Options(args) => crate::options::run(*args),
        Command::Build(args) => crate::build::run(*args),
        Command::PrintDevEnv(args) => crate::develop::print_dev_env(*args),
        Command::Develop(args) => crate::develop::develop(*args),
        Command::Lsp { .. } => {
            allocator::set_up_for_a_server();
            lsp::run(BIG_STACK, allocator::release_free_memory)
        }
    }
}
