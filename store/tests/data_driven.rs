//! Data-driven tests: inputs in `store/test_data/`, expected output beside them
//! (`UPDATE_EXPECT=1` rewrites it).
//!
//! - `hashes/*.txt`: one hash per line (`algo text` when the text has no prefix); the
//!   expectation lists its four encodings, or the error. With Nix installed, the encodings
//!   are also checked against `nix hash to-*`, and Nix must reject what firn rejects.
//! - `drv/*.drv`: `.drv` files (those named `<hash>-<name>.drv` were written by Nix 2.8);
//!   the expectation summarises the parse, output paths and modulo hash. Whatever the
//!   expectation, a file Nix wrote must print back byte for byte and hash to its own name.

mod common;

use common::{have_nix, nix_output};
use std::fmt::Write;
use std::path::Path;
use store::derivation::ModuloHasher;
use store::hash::{Encoding, Hash, HashAlgo};
use store::{Derivation, StoreDir, StorePath};

fn data(dir: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir)
}

/// A line of a hash file: an optional algorithm, then the text.
fn parse_line(line: &str) -> Result<Hash, String> {
    let (algo, text) = match line.split_once(' ') {
        Some((algo, text)) => (
            Some(algo.parse::<HashAlgo>().map_err(|e| e.to_string())?),
            text,
        ),
        None => (None, line),
    };
    Hash::parse_any(text, algo).map_err(|e| e.to_string())
}

/// What `nix hash to-<form>` prints for a line, or `None` if Nix rejects it.
fn nix_convert(line: &str, form: &str) -> Option<String> {
    let mut args = vec!["--extra-experimental-features", "nix-command", "hash", form];
    match line.split_once(' ') {
        Some((algo, text)) => args.extend(["--type", algo, text]),
        None => args.push(line),
    }
    let out = nix_output("nix", &args, &[]);
    out.status.success().then(|| {
        String::from_utf8(out.stdout)
            .unwrap()
            .trim_end()
            .to_string()
    })
}

#[test]
fn hash_forms() {
    let oracle = have_nix("hash_forms (Nix comparison only)");
    let mut checked = 0;
    test_utils::check_dir(&data("hashes"), "txt", "expect", |_, text| {
        let mut out = String::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            writeln!(out, "{line}").unwrap();
            match parse_line(line) {
                Ok(hash) => {
                    let forms = [
                        ("to-base16", hash.to_base16()),
                        ("to-base32", hash.to_nix32()),
                        ("to-base64", hash.to_base64()),
                        ("to-sri", hash.to_sri()),
                    ];
                    for (form, ours) in &forms {
                        writeln!(out, "  {form:9} {ours}").unwrap();
                        if oracle {
                            assert_eq!(
                                nix_convert(line, form).as_ref(),
                                Some(ours),
                                "{line} {form}"
                            );
                            checked += 1;
                        }
                    }
                    // Every printed form parses back.
                    for (_, form) in &forms[..3] {
                        assert_eq!(Hash::parse_digest(form, hash.algo()), Ok(hash));
                    }
                    assert_eq!(Hash::parse_sri(&hash.to_sri()), Ok(hash));
                }
                Err(message) => {
                    writeln!(out, "  error: {message}").unwrap();
                    if oracle {
                        assert_eq!(nix_convert(line, "to-base16"), None, "Nix accepts {line}");
                        checked += 1;
                    }
                }
            }
        }
        out
    });
    if oracle {
        assert!(checked > 80, "{checked}");
    }
}

/// Whether `file` is named like a store path (and so was written by Nix).
fn nix_written(file: &Path) -> Option<StorePath> {
    StorePath::from_base_name(file.file_name()?.to_str()?).ok()
}

#[test]
fn drv_files() {
    let dir_path = data("drv");
    let store_dir = StoreDir::default();
    // Input derivations are looked up among the files beside.
    let load = |p: &StorePath| {
        let text = std::fs::read_to_string(dir_path.join(p.base_name()))
            .map_err(|_| store::derivation::DerivationError::UnknownInput(store_dir.print(p)))?;
        Derivation::parse(&store_dir, p.name().trim_end_matches(".drv"), &text)
    };
    let mut hasher = ModuloHasher::new(store_dir.clone(), load);
    let mut written = 0;
    test_utils::check_dir(&dir_path, "drv", "expect", |file, text| {
        let name = file.file_stem().unwrap().to_str().unwrap();
        let nix_path = nix_written(file);
        let name = match &nix_path {
            Some(path) => path.name().trim_end_matches(".drv").to_string(),
            None => name.to_string(),
        };
        let mut out = String::new();
        let drv = match Derivation::parse(&store_dir, &name, text) {
            Ok(drv) => drv,
            Err(e) => return format!("error: {e}\n"),
        };
        writeln!(out, "name: {}", drv.name).unwrap();
        writeln!(
            out,
            "system: {:?}\nbuilder: {:?}\nargs: {:?}",
            drv.system, drv.builder, drv.args
        )
        .unwrap();
        for (output, o) in &drv.outputs {
            let path = o
                .path
                .as_ref()
                .map(|p| store_dir.print(p))
                .unwrap_or_default();
            writeln!(out, "output {output}: {path} {} {}", o.hash_algo, o.hash).unwrap();
        }
        for (input, outputs) in &drv.input_drvs {
            writeln!(out, "input derivation {input}: {outputs:?}").unwrap();
        }
        for src in &drv.input_srcs {
            writeln!(out, "input source {src}").unwrap();
        }
        writeln!(out, "env: {} variables", drv.env.len()).unwrap();
        let round_trip = drv.to_aterm(&store_dir) == text;
        writeln!(out, "prints back identically: {round_trip}").unwrap();
        let path = drv.drv_path(&store_dir).unwrap();
        writeln!(out, "path: {}", store_dir.print(&path)).unwrap();
        match drv.hash_modulo(&store_dir, false, &mut |p| hasher.hashes(p)) {
            Ok(hashes) => {
                for (output, hash) in hashes {
                    writeln!(
                        out,
                        "modulo hash {output}: {}",
                        hash.encode(Encoding::Base16, true)
                    )
                    .unwrap();
                }
            }
            Err(e) => writeln!(out, "modulo hash: error: {e}").unwrap(),
        }
        if let Some(expected) = nix_path {
            // Checked whatever the expectation says: Nix named this file.
            assert!(
                round_trip,
                "{} does not print back identically",
                file.display()
            );
            assert_eq!(path, expected, "{}", file.display());
            let mut recomputed = drv.clone();
            recomputed
                .fill_output_paths(&store_dir, &mut |p| hasher.hashes(p))
                .unwrap();
            assert_eq!(recomputed, drv, "output paths of {}", file.display());
            written += 1;
        }
        out
    });
    assert!(written >= 5, "{written}");
}
