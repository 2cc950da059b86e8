//! NAR serialisation and hashes against Nix 2.8: `nix-store --dump` and `nix-hash` on
//! generated trees (files of many sizes and modes, symlinks, empty and nested directories,
//! non-ASCII names). Skipped, visibly, when the Nix tools are not installed.

mod common;

use common::{
    Rng, have_nix, nix, nix_hash, path_str, random_tree, regular_files, temp_dir, write_random_file,
};
use std::path::PathBuf;
use store::hash::{Encoding, HashAlgo};
use store::nar;

/// The tree roots of one generated case: a directory, and sometimes a lone file or symlink.
fn generate(seed: u64, base: &std::path::Path) -> Vec<PathBuf> {
    let mut rng = Rng::new(seed);
    let root = base.join(format!("tree{seed}"));
    std::fs::create_dir(&root).unwrap();
    random_tree(&mut rng, &root, 3);
    if seed % 5 == 1 {
        // A name that is not UTF-8: NAR names are bytes.
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"raw\xff\xfe-name");
        write_random_file(&mut rng, &root.join(name));
    }
    let mut roots = vec![root];
    if seed.is_multiple_of(4) {
        let file = base.join(format!("file{seed}"));
        write_random_file(&mut rng, &file);
        roots.push(file);
    }
    if seed.is_multiple_of(7) {
        let link = base.join(format!("link{seed}"));
        std::os::unix::fs::symlink("target/of/a/link", &link).unwrap();
        roots.push(link);
    }
    roots
}

#[test]
fn dumps_and_hashes_match_nix() {
    if !have_nix("dumps_and_hashes_match_nix") {
        return;
    }
    let base = temp_dir();
    let (mut dumps, mut hashes, mut flat) = (0, 0, 0);
    let mut stats = common::TreeStats::default();
    for seed in 0..60 {
        let roots = generate(seed, base.path());
        let root_args: Vec<&str> = roots.iter().map(|p| path_str(p)).collect();
        for root in &roots {
            stats.add(root, 0);
            let mut ours = Vec::new();
            nar::dump_path(root, &mut ours).unwrap();
            let theirs = nix("nix-store", &["--dump", path_str(root)]);
            assert!(
                ours == theirs,
                "NAR of {} differs (seed {seed})",
                root.display()
            );
            dumps += 1;
        }

        // NAR hashes: sha256 in base32 and base16, and one other algorithm per seed.
        let algo = HashAlgo::ALL[seed as usize % 4];
        for (algo, encoding, flag) in [
            (HashAlgo::Sha256, Encoding::Nix32, "--base32"),
            (HashAlgo::Sha256, Encoding::Base16, ""),
            (algo, Encoding::Nix32, "--base32"),
        ] {
            // Base16 is nix-hash's default: Nix 2.8 has no --base16 flag.
            let mut args = vec!["--type", algo.name()];
            if !flag.is_empty() {
                args.push(flag);
            }
            args.extend(&root_args);
            let expected = nix_hash(&args);
            let ours: Vec<String> = roots
                .iter()
                .map(|r| nar::hash_path(r, algo).unwrap().0.encode(encoding, false))
                .collect();
            assert_eq!(ours.join("\n"), expected, "seed {seed}, {algo} {flag}");
            hashes += roots.len();
        }
        // Base64 and SRI, which only the experimental `nix hash path` prints in Nix 2.8.
        let (encoding, flag) = if seed % 2 == 0 {
            (Encoding::Base64, "--base64")
        } else {
            (Encoding::Sri, "--sri")
        };
        let mut args = vec![
            "--extra-experimental-features",
            "nix-command",
            "hash",
            "path",
            "--type",
            algo.name(),
            flag,
        ];
        args.extend(&root_args);
        let expected = String::from_utf8(nix("nix", &args)).unwrap();
        let ours: Vec<String> = roots
            .iter()
            .map(|r| nar::hash_path(r, algo).unwrap().0.encode(encoding, false) + "\n")
            .collect();
        assert_eq!(ours.concat(), expected, "seed {seed}, {algo} {flag}");
        hashes += roots.len();

        // Flat hashes of the regular files.
        let files: Vec<PathBuf> = regular_files(&roots[0])
            .into_iter()
            .filter(|f| f.to_str().is_some())
            .collect();
        if !files.is_empty() {
            let algo = HashAlgo::ALL[(seed as usize / 4) % 4];
            let mut args = vec!["--flat", "--type", algo.name(), "--base32"];
            args.extend(files.iter().map(|f| path_str(f)));
            let ours: Vec<String> = files
                .iter()
                .map(|f| nar::hash_file(f, algo).unwrap().to_nix32())
                .collect();
            assert_eq!(ours.join("\n"), nix_hash(&args), "seed {seed}, flat {algo}");
            flat += files.len();
        }
    }
    assert!(
        dumps >= 60 && hashes >= 300 && flat > 100,
        "{dumps} {hashes} {flat}"
    );
    println!(
        "checked against Nix: {dumps} NAR dumps, {hashes} NAR hashes, {flat} flat hashes; {stats:?}"
    );
}

#[test]
fn restore_then_dump_is_identity_on_nix_dumps() {
    if !have_nix("restore_then_dump_is_identity_on_nix_dumps") {
        return;
    }
    let base = temp_dir();
    for seed in 100..120 {
        for root in generate(seed, base.path()) {
            let theirs = nix("nix-store", &["--dump", path_str(&root)]);
            let copy = base.path().join(format!(
                "copy-{}",
                root.file_name().unwrap().to_str().unwrap()
            ));
            nar::restore(&theirs[..], &copy).unwrap();
            let mut again = Vec::new();
            nar::dump_path(&copy, &mut again).unwrap();
            assert!(
                again == theirs,
                "restore/dump of {} differs",
                root.display()
            );
        }
    }
}
