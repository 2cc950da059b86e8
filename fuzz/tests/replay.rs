//! Every saved fuzz finding (`fuzz/regressions/<target>/*`, the input that once failed the
//! target's check) still passes it, and so does a seeded sample of inputs per target, so
//! `cargo test` exercises the generator and the checks the fuzzers run.

use fuzz_checks::{CountingAllocator, TARGETS, on_big_stack};
use std::path::Path;
use test_utils::random::Rng;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Seeded inputs per target: half generated programs, half raw bytes.
const SAMPLES: usize = 40;

#[test]
fn saved_findings_pass_their_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut replayed = 0;
    for (target, check) in TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            eprintln!("{target}: {}", path.display());
            on_big_stack(*check, &std::fs::read(&path).unwrap());
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} saved findings");
}

#[test]
fn seeded_inputs_pass_every_check() {
    for (index, (target, check)) in TARGETS.iter().enumerate() {
        let mut rng = Rng::new(0x5eed + index as u64);
        for sample in 0..SAMPLES {
            let len = rng.below(600);
            let mut data = rng.bytes(len);
            if let Some(mode) = data.first_mut() {
                *mode = (sample % 2) as u8;
            }
            eprintln!("{target} sample {sample}");
            on_big_stack(*check, &data);
        }
    }
}
