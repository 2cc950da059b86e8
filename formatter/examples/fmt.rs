//! Formats standard input to standard output: `cargo run -p formatter --example fmt -- [WIDTH] [INDENT] [strict]`.
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut options = formatter::Options::default();
    if let Some(w) = args.get(1).and_then(|a| a.parse().ok()) {
        options.width = w;
    }
    if let Some(i) = args.get(2).and_then(|a| a.parse().ok()) {
        options.indent = i;
    }
    options.strict = args.iter().any(|a| a == "strict");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    match formatter::format(&text, &options) {
        Ok(out) => print!("{out}"),
        Err(e) => eprintln!("error: {e}"),
    }
}
