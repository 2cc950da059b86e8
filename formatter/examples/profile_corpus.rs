//! Formats `$FIRN_CORPUS` (or the test data) a few times, for `perf record`; prints the
//! mean time per round.

fn main() {
    let fallback = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let files = test_utils::bench_corpus(&fallback);
    let rounds = 3;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for text in &files {
            let _ = std::hint::black_box(formatter::format(text, &formatter::Options::default()));
        }
    }
    eprintln!("{:?} per round", start.elapsed() / rounds);
}
