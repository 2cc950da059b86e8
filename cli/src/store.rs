//! `firn store hash-path` and `firn store dump`: NAR hashes and NAR serialisation, with the
//! output of `nix-hash` and `nix-store --dump`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use store::hash::{Encoding, Hash, HashAlgo};
use store::nar;

#[derive(clap::Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    command: StoreCommand,
}

#[derive(clap::Subcommand)]
enum StoreCommand {
    /// Print the hash of each path's NAR serialisation (by default as
    /// `nix-hash --type sha256 --base32 PATH`).
    HashPath(HashPathArgs),
    /// Write the NAR serialisation of PATH to standard output (as `nix-store --dump`).
    Dump(DumpArgs),
}

#[derive(clap::Args)]
struct HashPathArgs {
    /// Hash algorithm: md5, sha1, sha256 or sha512.
    #[arg(long = "type", default_value = "sha256", value_parser = parse_algo)]
    algo: HashAlgo,
    /// Print the digest in hexadecimal.
    #[arg(long, group = "encoding")]
    base16: bool,
    /// Print the digest in nix-base32 (the default).
    #[arg(long, group = "encoding")]
    base32: bool,
    /// Print the digest in base64.
    #[arg(long, group = "encoding")]
    base64: bool,
    /// Print an SRI hash (`sha256-…`).
    #[arg(long, group = "encoding")]
    sri: bool,
    /// Hash the file's bytes instead of its NAR (as `nix-hash --flat`).
    #[arg(long)]
    flat: bool,
    /// Files, directories or symlinks (a symlink is hashed as a link, not followed).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct DumpArgs {
    /// The file, directory or symlink to serialise.
    path: PathBuf,
}

fn parse_algo(text: &str) -> Result<HashAlgo, String> {
    text.parse()
        .map_err(|e: store::hash::ParseHashError| e.to_string())
}

pub fn run(args: StoreArgs) -> ExitCode {
    match args.command {
        StoreCommand::HashPath(args) => hash_path(args),
        StoreCommand::Dump(args) => dump(args),
    }
}

fn hash_path(args: HashPathArgs) -> ExitCode {
    let encoding = if args.base16 {
        Encoding::Base16
    } else if args.base64 {
        Encoding::Base64
    } else if args.sri {
        Encoding::Sri
    } else {
        Encoding::Nix32
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in &args.paths {
        let hash: Result<Hash, nar::NarError> = if args.flat {
            nar::hash_file(path, args.algo)
        } else {
            nar::hash_path(path, args.algo).map(|(hash, _)| hash)
        };
        match hash {
            Ok(hash) => {
                if writeln!(out, "{}", hash.encode(encoding, false)).is_err() {
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn dump(args: DumpArgs) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(128 * 1024, stdout.lock());
    let result = nar::dump_path(&args.path, &mut out)
        .and_then(|_| out.flush().map_err(nar::NarError::Write));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
