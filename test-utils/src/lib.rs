//! Helpers shared by firn's tests.
//!
//! - [`check_dir`]: data-driven tests. Each input file has an expected-output file beside it;
//!   `UPDATE_EXPECT=1` writes the actual output instead of comparing (expect-test style).
//! - [`reference_dir`]: paths to upstream checkouts from environment variables, defaulting to the
//!   pinned copies in `../shared/`; a visible skip message when missing, a failure in CI.
//! - [`nix_files`]: every `*.nix` file below a directory, sorted.
//! - [`random`]: a seeded generator for generated cases, and Nix string literals.
//! - [`lsp_client`]: a JSON-RPC client that drives a language server over stdio.
//! - [`firn_binary`]: the `firn` executable, for tests outside the `firn` package.
//! - [`scratch_dir`]: a fresh directory holding given files.
//! - [`package_set`]: a generated package set shaped like nixpkgs' `all-packages.nix`.

pub mod differential;
pub mod lsp_client;
pub mod nix_daemon;
pub mod program_gen;
pub mod random;

use std::io::Write;
use std::path::{Path, PathBuf};

/// The wall time of a command run to its end; panics (with its stderr) when it fails.
pub fn time_command(mut command: std::process::Command) -> std::time::Duration {
    let start = std::time::Instant::now();
    let out = command.output().expect("the command runs");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

/// The median of some durations.
pub fn median(mut times: Vec<std::time::Duration>) -> std::time::Duration {
    times.sort();
    times[times.len() / 2]
}

/// A fresh directory under the system's temporary directory (named after `name`, the
/// process and a count, so that tests running at once never share one), holding `files`
/// (relative path, text).
pub fn scratch_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("firn-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The `firn` executable for tests outside the `firn` package, which get no
/// `CARGO_BIN_EXE_firn`: `$FIRN_BIN` if set, else the one cargo built beside the test
/// executable (`cargo test --workspace` builds every binary before it runs any test).
pub fn firn_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("FIRN_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("the test executable's path");
    // target/<profile>/deps/<test> → target/<profile>/firn
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join(format!("firn{}", std::env::consts::EXE_SUFFIX)))
        .filter(|bin| bin.exists());
    bin.unwrap_or_else(|| {
        panic!(
            "no firn binary beside {}: run `cargo test --workspace`, or `cargo build -p firn` \
             first, or set FIRN_BIN",
            exe.display()
        )
    })
}

/// Whether the run should rewrite expectation files.
pub fn update_expect() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0")
}

/// Runs `f` on every file in `dir` ending in `.{input_ext}` and compares its output with the
/// file of the same stem ending in `.{expect_ext}`. Panics listing every mismatch.
pub fn check_dir(
    dir: &Path,
    input_ext: &str,
    expect_ext: &str,
    mut f: impl FnMut(&Path, &str) -> String,
) {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == input_ext))
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no .{input_ext} files in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", input.display()));
        let actual = f(input, &text);
        let expect_path = input.with_extension(expect_ext);
        if update_expect() {
            std::fs::write(&expect_path, &actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", expect_path.display()));
            continue;
        }
        match std::fs::read_to_string(&expect_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: output differs from {}\n{}",
                input.display(),
                expect_path.display(),
                first_difference(&expected, &actual)
            )),
            Err(_) => failures.push(format!(
                "{}: missing {} (run with UPDATE_EXPECT=1 to create it)",
                input.display(),
                expect_path.display()
            )),
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} cases failed (UPDATE_EXPECT=1 blesses the new output):\n\n{}",
            failures.len(),
            inputs.len(),
            failures.join("\n")
        );
    }
}

/// The first differing line with a little context.
fn first_difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let first = expected
        .iter()
        .zip(&actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let mut out = String::new();
    let from = first.saturating_sub(3);
    for line in &expected[from..first] {
        out.push_str(&format!("    {line}\n"));
    }
    for line in expected.iter().skip(first).take(8) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in actual.iter().skip(first).take(8) {
        out.push_str(&format!("  + {line}\n"));
    }
    out
}

/// Whether this is a CI run (`CI=true`), where every reference must be present: a missing
/// checkout or oracle fails the test instead of skipping it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-utils lives in the workspace")
        .to_path_buf()
}

/// The pinned checkout in `../shared/` that a reference variable defaults to.
fn shared_default(var: &str) -> Option<PathBuf> {
    let relative = match var {
        "FIRN_CORPUS" => "corpus",
        "FIRN_NIX_SRC" => "upstream/nix",
        "FIRN_NIXFMT_SRC" => "upstream/nixfmt",
        "FIRN_FLAKE_PARTS_SRC" => "upstream/flake-parts",
        _ => return None,
    };
    Some(workspace_root().join("../shared").join(relative))
}

/// The directory named by environment variable `var` (relative paths are taken from the
/// workspace root), else its pinned default in `../shared/`. When neither exists: a failure
/// in CI, otherwise `None` after a skip notice that the test harness does not capture.
pub fn reference_dir(var: &str, test: &str) -> Option<PathBuf> {
    reference_path(var, test, "a directory", Path::is_dir)
}

/// Like [`reference_dir`], for a program or file named by `var` (`FIRN_NIXFMT_BIN`). Such
/// references have no default and are optional even in CI (nothing here can build them):
/// their skip line says so.
pub fn reference_file(var: &str, test: &str) -> Option<PathBuf> {
    reference_path(var, test, "a file", Path::is_file)
}

fn reference_path(
    var: &str,
    test: &str,
    what: &str,
    is_right_kind: fn(&Path) -> bool,
) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = workspace_root().join(path);
        let path = path.canonicalize().unwrap_or(path);
        assert!(
            is_right_kind(&path),
            "{var}={} is not {what}",
            path.display()
        );
        return Some(path);
    }
    match shared_default(var) {
        Some(default) if is_right_kind(&default) => Some(default.canonicalize().unwrap_or(default)),
        Some(default) => {
            let message = format!(
                "{test}: {var} is unset and its default {} is missing",
                default.display()
            );
            assert!(!in_ci(), "{message} (required in CI)");
            skip_notice(&format!("{message} (see README.md)"));
            None
        }
        None => {
            skip_notice(&format!(
                "{test}: set {var} to run it (optional, also in CI; see README.md)"
            ));
            None
        }
    }
}

/// A `SKIPPED` line written straight to the stderr handle: `eprintln!` would be captured and
/// hidden. `scripts/test` counts these lines.
fn skip_notice(message: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {message}");
}

/// Copies the directory `from` to `to` (created), recreating symlinks as symlinks and leaving
/// every copied file and directory writable.
pub fn copy_tree(from: &Path, to: &Path) {
    let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src, dst)) = stack.pop() {
        let meta = std::fs::symlink_metadata(&src)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", src.display()));
        if meta.is_symlink() {
            let target = std::fs::read_link(&src).expect("symlink target");
            std::os::unix::fs::symlink(target, &dst).expect("create symlink");
        } else if meta.is_dir() {
            std::fs::create_dir_all(&dst)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dst.display()));
            for entry in std::fs::read_dir(&src).expect("read directory") {
                let entry = entry.expect("directory entry");
                stack.push((entry.path(), dst.join(entry.file_name())));
            }
        } else {
            std::fs::write(&dst, std::fs::read(&src).expect("read file"))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", dst.display()));
        }
    }
}

/// Every `*.nix` file below `dir` (or `dir` itself if it is a file), sorted.
pub fn nix_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else if path.extension().is_some_and(|e| e == "nix") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Runs `run` once to warm up, then `rounds` times, and returns the fastest round: the one
/// least disturbed by the rest of the machine. For benchmark binaries.
pub fn best_of(rounds: usize, mut run: impl FnMut()) -> std::time::Duration {
    run();
    (0..rounds.max(1))
        .map(|_| {
            let start = std::time::Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .expect("at least one round")
}

/// Whether `program --version` runs, or `false` after printing a skip notice that the test
/// harness does not capture (the same form as [`reference_dir`]'s); a failure in CI.
pub fn program_available(program: &str, test: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message = format!("{test}: {program} is not on PATH");
        assert!(
            !in_ci(),
            "{message} (required in CI; scripts/test installs Debian's nix-bin)"
        );
        skip_notice(&format!(
            "{message} (scripts/test installs Debian's nix-bin)"
        ));
    }
    found
}

/// The texts a benchmark runs on: every readable `*.nix` below `$FIRN_CORPUS` (by default the
/// pinned corpus in `../shared/`), or below `fallback` (a smoke run, announced on stderr) when
/// there is neither. Prints the corpus size.
pub fn bench_corpus(fallback: &Path) -> Vec<String> {
    let root = match std::env::var_os("FIRN_CORPUS")
        .map(|dir| workspace_root().join(dir))
        .or_else(|| shared_default("FIRN_CORPUS").filter(|d| d.is_dir()))
    {
        Some(dir) => dir,
        None => {
            eprintln!(
                "FIRN_CORPUS is not set and ../shared/corpus is missing: benchmarking on {} \
                 only (smoke run)",
                fallback.display()
            );
            fallback.to_path_buf()
        }
    };
    let files: Vec<String> = nix_files(&root)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = files.iter().map(|f| f.len()).sum();
    println!(
        "corpus: {} files, {:.2} MB from {}",
        files.len(),
        bytes as f64 / 1e6,
        root.display()
    );
    files
}

/// A test fixture: one or more files, with cursor markers `$0` … `$9` taken out.
///
/// Files are separated by lines `#- /path.nix`; a text without such a first line is the
/// single file `/ws/main.nix`.
#[derive(Clone, Debug, Default)]
pub struct Fixture {
    pub files: Vec<(PathBuf, String)>,
    /// (marker digit, index into `files`, byte offset in that file's text)
    pub markers: Vec<(u8, usize, usize)>,
}

impl Fixture {
    pub fn parse(text: &str) -> Fixture {
        let mut fixture = Fixture::default();
        let mut current: Option<(PathBuf, String)> = None;
        for line in text.split_inclusive('\n') {
            if let Some(path) = line.strip_prefix("#- ") {
                fixture.files.extend(current.take());
                current = Some((PathBuf::from(path.trim()), String::new()));
                continue;
            }
            current
                .get_or_insert_with(|| (PathBuf::from("/ws/main.nix"), String::new()))
                .1
                .push_str(line);
        }
        fixture.files.extend(current);
        for (index, (_, text)) in fixture.files.iter_mut().enumerate() {
            let mut from = 0;
            while let Some(at) = text[from..].find('$').map(|i| from + i) {
                match text.as_bytes().get(at + 1) {
                    Some(d) if d.is_ascii_digit() => {
                        fixture.markers.push((d - b'0', index, at));
                        text.replace_range(at..at + 2, "");
                        from = at;
                    }
                    _ => from = at + 1,
                }
            }
        }
        fixture
    }

    /// The file and offset of marker `$digit`.
    pub fn marker(&self, digit: u8) -> Option<(usize, usize)> {
        self.markers
            .iter()
            .find(|(d, _, _)| *d == digit)
            .map(|&(_, file, offset)| (file, offset))
    }
}

/// A package set of the shape of nixpkgs' `pkgs/top-level/all-packages.nix`: one big set
/// under `with pkgs;`, mostly `callPackage` lines, with overrides, `inherit (…)`, nested
/// package sets and conditionals; at least `min_size` bytes. For the server's benchmarks.
pub fn package_set(min_size: usize) -> String {
    let mut out = String::from(
        "/* The top-level package collection (generated for the benchmark). */\n\
         { lib, noSysDirs, config, overlays }:\nres: pkgs: super:\n\nwith pkgs;\n\n{\n\
         \x20 # One warning (an unused binding), for servers such as nil that publish\n\
         \x20 # diagnostics only when there are some.\n\
         \x20 unusedProbe = let unusedHelper = 1; in null;\n",
    );
    let mut i = 0;
    while out.len() < min_size {
        let line = match i % 8 {
            0 => format!("  pkg{i} = callPackage ../development/tools/pkg{i} {{ }};\n"),
            1 => format!(
                "  pkg{i} = callPackage ../tools/misc/pkg{i} {{\n    inherit (darwin.apple_sdk.frameworks) Security;\n  }};\n"
            ),
            2 => format!(
                "  pkg{i} = pkg{}.override {{ enableFeature = true; }};\n",
                i - 1
            ),
            3 => format!(
                "  pkg{i}Packages = recurseIntoAttrs (callPackage ../top-level/pkg{i}-packages.nix {{ }});\n"
            ),
            4 => format!("  inherit (callPackages ../servers/pkg{i} {{ }}) pkg{i}a pkg{i}b;\n"),
            5 => format!(
                "  pkg{i} = if stdenv.hostPlatform.isDarwin then pkg{} else pkg{};\n",
                i - 5,
                i - 3
            ),
            6 => format!(
                "\n  # Section {i}\n\n  pkg{i}_1 = pkg{}.overrideAttrs (old: {{ doCheck = false; }});\n",
                i - 6
            ),
            _ => format!(
                "  pkg{i} = lib.lowPrio (pkg{}.override {{ stdenv = gccStdenv; withDocs = config.docs or false; }});\n",
                i - 7
            ),
        };
        out.push_str(&line);
        i += 1;
    }
    out.push_str("}\n");
    out
}
