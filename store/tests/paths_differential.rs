//! Store paths against Nix 2.8: text paths (`builtins.toFile`, with references), source
//! paths (`"${/a/path}"`, `builtins.path`), fixed-output paths from every textual hash form,
//! placeholders, and `builtins.hashString`, also with another store directory. Nix runs in
//! read-only mode on a dummy store: it computes the paths without writing anything.

mod common;

use common::{
    Rng, have_nix, nix_env, nix_string, path_str, random_tree, temp_dir, write_random_file,
};
use std::collections::BTreeSet;
use store::hash::{Encoding, Hash, HashAlgo};
use store::{FileIngestionMethod, StoreDir, nar};

/// Characters for generated file contents: escapes Nix and the ATerm care about, and
/// non-ASCII.
const TEXT: &[&str] = &[
    "a", "Z", " ", "\n", "\t", "\r", "\"", "\\", "$", "{", "}", "'", "é", "✓", "😀", "0",
];

/// A path expression for `path`: a literal cannot hold `?` or `=`, so append a string.
fn nix_path(path: &std::path::Path) -> String {
    format!("(/. + {})", nix_string(path_str(path)))
}

/// Evaluates `expr` (which must produce a list of strings) with Nix in read-only mode.
fn eval_strings(expr: &str, store_dir: Option<&str>) -> Vec<String> {
    let mut env = vec![];
    if let Some(dir) = store_dir {
        env.push(("NIX_STORE_DIR", dir));
    }
    let out = nix_env(
        "nix-instantiate",
        &[
            "--readonly-mode",
            "--eval",
            "--strict",
            "--json",
            "-E",
            expr,
        ],
        &env,
    );
    serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)))
}

#[test]
fn text_and_source_paths_match_nix() {
    if !have_nix("text_and_source_paths_match_nix") {
        return;
    }
    let base = temp_dir();
    let mut rng = Rng::new(5);
    let mut exprs = Vec::new();
    let mut expected: Vec<(StoreDir, String)> = Vec::new();
    for store_dir in ["/nix/store", "/var/firn-test/store"] {
        let dir = StoreDir::new(store_dir).unwrap();
        let mut batch = Vec::new();
        for case in 0..30 {
            // A source tree or file, named like a store path, copied by interpolation.
            let source_name = format!("{}-{case}", rng.store_name());
            let source = base
                .path()
                .join(store_dir.replace('/', "_"))
                .join(&source_name);
            std::fs::create_dir_all(source.parent().unwrap()).unwrap();
            if case % 3 == 0 {
                write_random_file(&mut rng, &source);
            } else {
                std::fs::create_dir(&source).unwrap();
                random_tree(&mut rng, &source, 2);
            }
            let source_path = dir
                .make_fixed_output_path(
                    &source_name,
                    FileIngestionMethod::Recursive,
                    &nar::nar_hash(&source).unwrap(),
                    &BTreeSet::new(),
                )
                .unwrap();
            batch.push(format!("\"${{{}}}\"", nix_path(&source)));
            expected.push((dir.clone(), dir.print(&source_path)));

            // A text file, sometimes referring to the source.
            let name = rng.store_name();
            let len = rng.below(40);
            let text = rng.string(TEXT, len);
            let with_ref = case % 2 == 0;
            let (nix_text, content, refs) = if with_ref {
                (
                    format!(
                        "{} + \"${{{}}}\" + {}",
                        nix_string(&text),
                        nix_path(&source),
                        nix_string(&text)
                    ),
                    format!("{text}{}{text}", dir.print(&source_path)),
                    BTreeSet::from([source_path.clone()]),
                )
            } else {
                (nix_string(&text), text.clone(), BTreeSet::new())
            };
            batch.push(format!(
                "(builtins.toFile {} ({nix_text}))",
                nix_string(&name)
            ));
            let path = dir
                .make_text_path(&name, &Hash::digest(HashAlgo::Sha256, &content), &refs)
                .unwrap();
            expected.push((dir.clone(), dir.print(&path)));

            // builtins.path: flat for files, recursive with another name.
            let name = rng.store_name();
            let recursive = case % 3 != 0 || rng.chance(50);
            batch.push(format!(
                "(builtins.path {{ path = {}; name = {}; recursive = {recursive}; }})",
                nix_path(&source),
                nix_string(&name)
            ));
            let (method, hash) = if recursive {
                (
                    FileIngestionMethod::Recursive,
                    nar::nar_hash(&source).unwrap(),
                )
            } else {
                (
                    FileIngestionMethod::Flat,
                    nar::hash_file(&source, HashAlgo::Sha256).unwrap(),
                )
            };
            let path = dir
                .make_fixed_output_path(&name, method, &hash, &BTreeSet::new())
                .unwrap();
            expected.push((dir.clone(), dir.print(&path)));
        }
        exprs.push((store_dir, format!("[ {} ]", batch.join("\n"))));
    }
    let mut actual = Vec::new();
    for (store_dir, expr) in &exprs {
        actual.extend(eval_strings(expr, Some(store_dir)));
    }
    assert_eq!(actual.len(), expected.len());
    for (i, (theirs, (_, ours))) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(ours, theirs, "case {i}");
    }
    println!(
        "checked against Nix: {} text, source and builtins.path paths",
        expected.len()
    );
}

#[test]
fn fixed_output_paths_from_every_hash_form_match_nix() {
    if !have_nix("fixed_output_paths_from_every_hash_form_match_nix") {
        return;
    }
    let dir = StoreDir::default();
    let mut rng = Rng::new(11);
    let mut batch = Vec::new();
    let mut expected = Vec::new();
    for case in 0..64 {
        let algo = HashAlgo::ALL[case % 4];
        let hash = Hash::digest(algo, rng.bytes(8));
        let recursive = case % 8 >= 4;
        let name = rng.store_name();
        // The form of `outputHash`, and whether `outputHashAlgo` is given (it must be
        // for bare digests).
        let (text, give_algo) = match (case / 8) % 8 {
            0 => (hash.to_base16(), true),
            1 => (hash.to_nix32(), true),
            2 => (hash.to_base64(), true),
            3 => (hash.to_sri(), false),
            4 => (hash.to_sri(), true),
            5 => (hash.encode(Encoding::Nix32, true), false),
            6 => (hash.encode(Encoding::Base16, true), true),
            _ => (hash.encode(Encoding::Base64, true), false),
        };
        let parsed = Hash::parse_any(&text, give_algo.then_some(algo)).unwrap();
        assert_eq!(parsed, hash, "{text}");
        let method = if recursive {
            FileIngestionMethod::Recursive
        } else {
            FileIngestionMethod::Flat
        };
        let path = dir
            .make_fixed_output_path(&name, method, &parsed, &BTreeSet::new())
            .unwrap();
        expected.push(dir.print(&path));
        batch.push(format!(
            "(derivation {{ name = {}; system = \"x\"; builder = \"/b\"; outputHash = {}; {} {} }}).outPath",
            nix_string(&name),
            nix_string(&text),
            if give_algo { format!("outputHashAlgo = \"{algo}\";") } else { String::new() },
            if recursive { "outputHashMode = \"recursive\";" } else { "" },
        ));
    }
    let actual = eval_strings(&format!("[ {} ]", batch.join("\n")), None);
    assert_eq!(actual, expected);
    println!("checked against Nix: {} fixed-output paths", expected.len());
}

#[test]
fn placeholders_and_string_hashes_match_nix() {
    if !have_nix("placeholders_and_string_hashes_match_nix") {
        return;
    }
    let mut rng = Rng::new(17);
    let mut batch = Vec::new();
    let mut expected = Vec::new();
    for case in 0..40 {
        let output = rng.store_name();
        batch.push(format!("(builtins.placeholder {})", nix_string(&output)));
        expected.push(store::derivation::placeholder(&output));
        let algo = HashAlgo::ALL[case % 4];
        let len = rng.below(100);
        let text = rng.string(TEXT, len);
        batch.push(format!(
            "(builtins.hashString \"{algo}\" {})",
            nix_string(&text)
        ));
        expected.push(Hash::digest(algo, &text).to_base16());
    }
    let actual = eval_strings(&format!("[ {} ]", batch.join("\n")), None);
    assert_eq!(actual, expected);
}
