//! Parses the corpus in a loop, for profilers: `cargo run --release -p syntax --example
//! profile_parse -- DIR [lex]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: profile_parse DIR [lex]");
    let lex_only = args.next().is_some_and(|a| a == "lex");
    let files: Vec<String> = test_utils::nix_files(std::path::Path::new(&dir))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let start = std::time::Instant::now();
    for _ in 0..10 {
        for text in &files {
            if lex_only {
                std::hint::black_box(syntax::lexer::tokenize(text));
            } else {
                std::hint::black_box(syntax::parse(text));
            }
        }
    }
    println!("{:?} per round", start.elapsed() / 10);
}
