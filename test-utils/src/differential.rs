//! The random differential tester: programs from `program_gen` evaluated by firn and by
//! Nix 2.8 (`nix-instantiate --eval --strict`, `NIX_REMOTE=dummy://`), in batches (one list
//! per process; a batch that differs or fails is run program by program), each difference
//! minimised. Used by `tests/tests/eval_differential.rs` and `scripts/differential`.

use crate::program_gen::{Expr, Gen, minimise};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Programs per process.
const BATCH: usize = 40;

#[derive(PartialEq, Eq, Debug)]
pub struct Outcome {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A class of differences that is Nix 2.8's old behaviour, with the current CppNix source
/// that shows it: never a single case.
pub struct Rule {
    pub name: &'static str,
    pub source: &'static str,
    pub applies: fn(program: &str, nix: &Outcome, firn: &Outcome) -> bool,
}

pub const RULES: &[Rule] = &[
    Rule {
        name: "integer overflow is an error",
        source: "current CppNix checks + - * for overflow (src/libexpr/eval.cc, \
                 \"integer overflow in adding\", and primops.cc, NixOS/nix 88b09c64); Nix 2.8 wrapped",
        applies: |_, nix, firn| nix.ok && !firn.ok && firn.stderr.contains("integer overflow"),
    },
    Rule {
        name: "floor and ceil of a float beyond the integers is an error",
        source: "current CppNix's prim_floor/prim_ceil check the range (\"NixFloat argument %1% \
                 is not in the range of NixInt\", src/libexpr/primops.cc, NixOS/nix 88b09c64; \
                 CppNix issue 12899); Nix 2.8 converted whatever came out",
        applies: |_, nix, firn| {
            nix.ok && !firn.ok && firn.stderr.contains("is not in the range of NixInt")
        },
    },
    Rule {
        name: "toJSON writes a whole float with its .0",
        source: "current CppNix writes floats through nlohmann::json (`1.0`); Nix 2.8 used C++ \
                 streams (`1`); the known differences of tests/tests/eval_differential.rs",
        // The JSON text may be taken apart afterwards: any program that writes a whole
        // float literal through toJSON is in the class.
        applies: |program, nix, firn| {
            nix.ok
                && firn.ok
                && program.contains("toJSON")
                && (without_point_zero(&firn.stdout) == nix.stdout
                    || without_point_zero(program) != program)
        },
    },
    Rule {
        name: "replaceStrings forces a replacement only when it is used",
        source: "current CppNix's prim_replaceStrings forces each `to` string on first use \
                 (a cache by index; src/libexpr/primops.cc, NixOS/nix 88b09c64); Nix 2.8 forced \
                 them all first",
        applies: |program, nix, firn| !nix.ok && firn.ok && program.contains("replaceStrings"),
    },
];

fn evaluate(program: &str, program_args: &[&str], timer: &mut Duration) -> Outcome {
    let mut command = Command::new(program_args[0]);
    command
        .args(&program_args[1..])
        .arg(program)
        .env("NIX_REMOTE", "dummy://")
        .env_remove("NIX_PATH")
        .current_dir(std::env::temp_dir());
    let started = Instant::now();
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", program_args[0]));
    *timer += started.elapsed();
    Outcome {
        ok: out.status.success(),
        stdout: show_bytes(&out.stdout),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Output as text that keeps every byte apart: bytes that are not UTF-8 (a string cut
/// inside a character prints them) as `\xNN`, so that no two outputs compare equal lossily.
pub fn show_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// One program both evaluators disagree on.
pub struct Difference {
    pub program: String,
    pub minimised: String,
    pub nix: String,
    pub firn: String,
}

pub struct Report {
    pub programs: usize,
    pub differences: Vec<Difference>,
    /// Differences a rule explains, by rule name.
    pub excluded: Vec<(&'static str, usize)>,
    pub nix_time: Duration,
    pub firn_time: Duration,
}

impl Report {
    /// Programs per second through each evaluator (process start included).
    pub fn rates(&self) -> (f64, f64) {
        let rate = |d: Duration| self.programs as f64 / d.as_secs_f64().max(1e-9);
        (rate(self.firn_time), rate(self.nix_time))
    }
}

struct Tester<'a> {
    firn: &'a Path,
    nix_time: Duration,
    firn_time: Duration,
}

impl Tester<'_> {
    fn both(&mut self, text: &str) -> (Outcome, Outcome) {
        let firn = self.firn.to_string_lossy().into_owned();
        let f = evaluate(
            text,
            &[&firn, "eval", "--strict", "-E"],
            &mut self.firn_time,
        );
        let n = evaluate(
            text,
            &["nix-instantiate", "--eval", "--strict", "-E"],
            &mut self.nix_time,
        );
        (n, f)
    }

    /// Whether the two disagree on `text` in a way no rule explains.
    fn differs(&mut self, text: &str) -> bool {
        let (n, f) = self.both(text);
        disagree(&n, &f) && rule_for(text, &n, &f).is_none()
    }
}

/// `100.0` as Nix 2.8's toJSON wrote it: `100`.
fn without_point_zero(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let after = bytes.get(i + 2).copied();
        if bytes[i] == b'.'
            && bytes.get(i + 1) == Some(&b'0')
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && !after.is_some_and(|b| b.is_ascii_digit() || b == b'e')
        {
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().expect("in the text");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn disagree(nix: &Outcome, firn: &Outcome) -> bool {
    nix.ok != firn.ok || (nix.ok && nix.stdout != firn.stdout)
}

fn rule_for(program: &str, nix: &Outcome, firn: &Outcome) -> Option<&'static Rule> {
    RULES.iter().find(|r| (r.applies)(program, nix, firn))
}

/// Runs `count` programs from `seed` (at most `depth` deep) through both evaluators.
pub fn run(firn: &Path, seed: u64, count: usize, depth: u32) -> Report {
    let mut generator = Gen::new(seed);
    let programs: Vec<Expr> = (0..count).map(|_| generator.program(depth)).collect();
    let mut tester = Tester {
        firn,
        nix_time: Duration::ZERO,
        firn_time: Duration::ZERO,
    };
    let mut differences = Vec::new();
    let mut excluded: Vec<(&'static str, usize)> = Vec::new();
    for batch in programs.chunks(BATCH) {
        let list = format!(
            "[\n{}]",
            batch
                .iter()
                .map(|p| format!("({})\n", p.render()))
                .collect::<String>()
        );
        let (n, f) = tester.both(&list);
        if n.ok && f.ok && n.stdout == f.stdout {
            continue;
        }
        for program in batch {
            let text = program.render();
            let (n, f) = tester.both(&text);
            if !disagree(&n, &f) {
                continue;
            }
            if let Some(rule) = rule_for(&text, &n, &f) {
                match excluded.iter_mut().find(|(name, _)| *name == rule.name) {
                    Some((_, count)) => *count += 1,
                    None => excluded.push((rule.name, 1)),
                }
                continue;
            }
            let small = minimise(program, |e| tester.differs(&e.render()));
            let (n, f) = tester.both(&small.render());
            let shown = |o: &Outcome| {
                if o.ok {
                    o.stdout.trim_end().to_string()
                } else {
                    format!("(an error) {}", o.stderr.lines().next().unwrap_or_default())
                }
            };
            differences.push(Difference {
                program: text,
                minimised: small.render(),
                nix: shown(&n),
                firn: shown(&f),
            });
        }
    }
    Report {
        programs: count,
        differences,
        excluded,
        nix_time: tester.nix_time,
        firn_time: tester.firn_time,
    }
}
