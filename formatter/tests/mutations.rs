//! Bad input never panics: seeded mutations of the test inputs (bytes deleted, duplicated
//! or replaced with Nix punctuation) are refused (syntax errors, or valid Nix that nixfmt
//! cannot print either, like `x.a or f y`), or formatted with a verified result.

use formatter::{FormatError, Options, format_verified};

/// A small deterministic generator (no dependency needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Mutations per input file (`FIRN_MUTATIONS` raises it for a longer hunt).
const MUTATIONS: usize = 100;

const PIECES: [&str; 16] = [
    "{", "}", "[", "]", "(", ")", ";", "=", "\"", "''", "${", "#", "/*", "*/", "\n", ":",
];

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.next(3) {
        let mut at = rng.next(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.next(3) {
            0 => {
                let mut end = (at + 1 + rng.next(8)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            1 => s.insert_str(at, PIECES[rng.next(PIECES.len())]),
            _ => {
                let piece = s[at..].chars().take(rng.next(12)).collect::<String>();
                s.insert_str(at, &piece);
            }
        }
    }
    s
}

#[test]
fn mutated_inputs_are_refused_or_formatted_verified() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut rng = Lcg(0x5eed);
    let (mut formatted, mut refused) = (0, 0);
    for file in test_utils::nix_files(&dir) {
        let text = std::fs::read_to_string(&file).expect("read");
        let rounds = std::env::var("FIRN_MUTATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(MUTATIONS);
        for _ in 0..rounds {
            let input = mutate(&text, &mut rng);
            // Indent 4 is left out: nixfmt's known comment-column quirk (test_data) fails
            // verification there on purpose.
            let options = [
                Options::default(),
                Options {
                    strict: true,
                    ..Options::default()
                },
                Options {
                    width: 40,
                    ..Options::default()
                },
            ][rng.next(3)];
            match format_verified(&input, &options) {
                Ok(_) => formatted += 1,
                Err(FormatError::Syntax(_) | FormatError::Unsupported(_)) => refused += 1,
                // Output that fails verification is a formatter bug.
                Err(e) => panic!("{}: {e}\n--- input:\n{input}", file.display()),
            }
        }
    }
    assert!(
        formatted > 50 && refused > 50,
        "{formatted} formatted, {refused} refused"
    );
}
