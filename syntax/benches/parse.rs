//! `cargo bench -p syntax`: parse a corpus with firn's parser and with rnix in the same run and
//! print MB/s side by side, with the ratio.
//!
//! The corpus is every `*.nix` below `$FIRN_CORPUS` (home-manager and nixpkgs `lib/`); without
//! it, the parser test data in this repository (small, so only a smoke run).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// Rounds per parser; the best round counts (the least disturbed by the rest of the machine).
const ROUNDS: usize = 15;

fn main() {
    let files =
        test_utils::bench_corpus(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data"));
    let bytes: usize = files.iter().map(|f| f.len()).sum();

    let firn = test_utils::best_of(ROUNDS, || {
        for text in &files {
            black_box(syntax::parse(black_box(text)));
        }
    });
    let rnix = test_utils::best_of(ROUNDS, || {
        for text in &files {
            black_box(rnix::Root::parse(black_box(text)));
        }
    });
    let mbps = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!("{:<10} {:>10} {:>12}", "parser", "MB/s", "best round");
    println!("{:<10} {:>10.1} {:>12.2?}", "firn", mbps(firn), firn);
    println!("{:<10} {:>10.1} {:>12.2?}", "rnix", mbps(rnix), rnix);
    println!(
        "ratio firn/rnix: {:.2}x",
        rnix.as_secs_f64() / firn.as_secs_f64()
    );
}
