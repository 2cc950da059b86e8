//! nixfmt-rs (the crate the formatter benchmark links) as a whole process, for
//! `scripts/bench`: `fmt --check` over directories, as `firn fmt --check` does it: read
//! every `*.nix` below each, format it, count the files that would change.

fn main() {
    let mut files = 0;
    let mut changed = 0;
    for dir in std::env::args_os().skip(1) {
        for path in test_utils::nix_files(std::path::Path::new(&dir)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            if nixfmt_rs::format(&text).is_ok_and(|out| out != text) {
                changed += 1;
            }
        }
    }
    println!("{changed} of {files} files would change");
}
