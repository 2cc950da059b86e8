//! Nothing is lost on disk: `firn fmt` and `firn check --fix` write to the real path (not
//! its display string), through a temporary file and a rename; they keep the file's mode,
//! write through symlinks, and leave every file intact when writing fails or when the
//! process is killed mid-run. (A file changed on disk since it was read is covered by the
//! unit tests of `cli/replace_file.rs`.)

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

const UGLY: &str = "{a=1;b=[1 2];}\n";
const PRETTY: &str = "{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n";
/// `x` is unused: `check --fix` removes the binding.
const UNUSED: &str = "let\n  x = 1;\nin\n2\n";

fn firn(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firn"))
        .args(args)
        .output()
        .expect("firn runs")
}

fn names(dir: &Path) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}

#[test]
fn non_utf8_file_names_are_written_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"caf\xe9.nix");
    let file = dir.path().join(name);
    std::fs::write(&file, UNUSED).unwrap();
    let out = firn(&[OsStr::new("check"), OsStr::new("--fix"), file.as_os_str()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "2\n", "{out:?}");
    std::fs::write(&file, UGLY).unwrap();
    let out = firn(&[OsStr::new("fmt"), file.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), PRETTY);
    assert_eq!(
        names(dir.path()),
        vec![name.to_os_string()],
        "no stray file"
    );
}

#[test]
fn mode_and_symlinks_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.nix");
    std::fs::write(&real, UGLY).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o751)).unwrap();
    let link = dir.path().join("link.nix");
    std::os::unix::fs::symlink("real.nix", &link).unwrap();
    let out = firn(&[OsStr::new("fmt"), link.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
    assert!(link.is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), PRETTY);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o751);
}

/// Runs firn as an unprivileged user when the test runs as root (CI), so that directory
/// permissions apply. `dir` is one the test created: its owner is who the test runs as.
fn firn_unprivileged(dir: &Path, args: &[&OsStr]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_firn"));
    command.args(args);
    if std::fs::metadata(dir).unwrap().uid() == 0 {
        command.uid(65534).gid(65534);
    }
    command.output().expect("firn runs")
}

#[test]
fn a_read_only_directory_leaves_files_intact() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("a.nix");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for (args, text) in [(&["fmt"][..], UGLY), (&["check", "--fix"], UNUSED)] {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(&file, text).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(file.as_os_str());
        let out = firn_unprivileged(dir.path(), &all);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("a.nix"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_full_disk_leaves_files_intact() {
    // A file-size limit of 1 KiB makes the write of the larger formatted text fail (EFBIG),
    // as a full disk would; SIGXFSZ is ignored so that the write returns the error.
    let dir = tempfile::tempdir().unwrap();
    let big = format!("[{}]\n", " 1".repeat(2000));
    let file = dir.path().join("a.nix");
    std::fs::write(&file, &big).unwrap();
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' fmt \"$1\"",
        env!("CARGO_BIN_EXE_firn")
    );
    let out = Command::new("bash")
        .args(["-c", &script, "sh"])
        .arg(&file)
        .output()
        .expect("bash runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), big);
    assert_eq!(names(dir.path()).len(), 1, "no temporary file is left");
}

#[test]
fn killing_fmt_mid_run_leaves_each_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let texts: Vec<String> = (0..400)
        .map(|i| {
            format!(
                "{{a={i};b=[{}];c=\"{}\";}}\n",
                " 1".repeat(i % 97),
                "x".repeat(i)
            )
        })
        .collect();
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("f{i}.nix")), text).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_firn"))
        .arg("fmt")
        .arg(dir.path())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let _ = child.kill();
    let _ = child.wait();
    for (i, text) in texts.iter().enumerate() {
        let now = std::fs::read_to_string(dir.path().join(format!("f{i}.nix"))).unwrap();
        let formatted = formatter::format(text, &Default::default()).unwrap();
        assert!(
            now == *text || now == formatted,
            "f{i}.nix is neither the original nor the formatted text:\n{now}"
        );
    }
}
