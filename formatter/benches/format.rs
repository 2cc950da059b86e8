//! `cargo bench -p formatter`: format a corpus with firn, nixfmt-rs and alejandra in the
//! same run and print MB/s side by side, with firn's ratio to each.
//!
//! The corpus is every `*.nix` below `$FIRN_CORPUS`; without it, the formatter's test data
//! (small, so only a smoke run). Files a formatter refuses count for every formatter.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// Rounds per formatter; the best round counts (the least disturbed by the machine).
const ROUNDS: usize = 5;

fn main() {
    let files =
        test_utils::bench_corpus(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data"));
    let bytes: usize = files.iter().map(|f| f.len()).sum();

    let options = formatter::Options::default();
    let firn = test_utils::best_of(ROUNDS, || {
        for text in &files {
            let _ = black_box(formatter::format(black_box(text), &options));
        }
    });
    let nixfmt_rs = test_utils::best_of(ROUNDS, || {
        for text in &files {
            let _ = black_box(nixfmt_rs::format(black_box(text)));
        }
    });
    let alejandra = test_utils::best_of(ROUNDS, || {
        for text in &files {
            black_box(alejandra::format::in_memory(
                String::new(),
                black_box(text.clone()),
            ));
        }
    });
    let mbps = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!("{:<10} {:>10} {:>12}", "formatter", "MB/s", "best round");
    for (name, d) in [
        ("firn", firn),
        ("nixfmt-rs", nixfmt_rs),
        ("alejandra", alejandra),
    ] {
        println!("{name:<10} {:>10.1} {:>12.2?}", mbps(d), d);
    }
    let ratio = |other: Duration| other.as_secs_f64() / firn.as_secs_f64();
    println!("ratio firn/nixfmt-rs: {:.2}x", ratio(nixfmt_rs));
    println!("ratio firn/alejandra: {:.2}x", ratio(alejandra));
}
