//! `scripts/differential [COUNT] [SEED]`: the random differential tester, long runs.

use std::io::Write;
use test_utils::differential::run;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let count = numbers.first().copied().unwrap_or(1_000) as usize;
    let seed = numbers.get(1).copied().unwrap_or(0x5eed);
    let firn = test_utils::firn_binary();
    let mut out = std::io::stdout();
    let mut differences = 0;
    // In rounds of 500, so that a long run reports as it goes.
    let mut done = 0;
    let (mut firn_time, mut nix_time) = (0.0, 0.0);
    while done < count {
        let n = (count - done).min(500);
        let report = run(&firn, seed.wrapping_add(done as u64), n, 4);
        for d in &report.differences {
            let _ = writeln!(
                out,
                "DIFFERENCE\n  minimised: {}\n  nix:  {}\n  firn: {}\n  program: {}",
                d.minimised, d.nix, d.firn, d.program
            );
        }
        differences += report.differences.len();
        for (rule, n) in &report.excluded {
            let _ = writeln!(out, "excluded by rule ({rule}): {n}");
        }
        firn_time += report.firn_time.as_secs_f64();
        nix_time += report.nix_time.as_secs_f64();
        done += n;
        let _ = writeln!(out, "{done} programs, {differences} differences");
    }
    let _ = writeln!(
        out,
        "{count} programs (seed {seed:#x}): {differences} differences ({:.1} per 10,000); \
         firn {:.0} programs/s, Nix 2.8 {:.0} programs/s (batches of 40 per process)",
        differences as f64 * 10_000.0 / count as f64,
        count as f64 / firn_time.max(1e-9),
        count as f64 / nix_time.max(1e-9),
    );
}
