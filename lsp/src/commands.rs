//! `workspace/executeCommand`: `firn.build`, `firn.develop`, `firn.cancelBuild` and
//! `firn.options`, the commands the editor packages and the code lenses run. Each runs
//! `firn build`, `firn print-dev-env --env-json` or `firn options --json --flake …` (this
//! same binary) as a child process, so an
//! evaluation or a build never blocks or bloats the server; its `internal-json` events
//! become `$/progress` (cancellable), `firn/buildLog` notifications mirrored as
//! `window/logMessage`, and on failure diagnostics at the failing derivation's source.
//! Cancelling (the request, its progress, or `firn.cancelBuild`) interrupts the child,
//! which closes its daemon connection: the daemon stops the build.

use super::client::Client;
use ls_types::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub(crate) const BUILD: &str = "firn.build";
pub(crate) const DEVELOP: &str = "firn.develop";
pub(crate) const CANCEL: &str = "firn.cancelBuild";
pub(crate) const OPTIONS: &str = "firn.options";
pub(crate) const FLAKE_SHOW: &str = "firn.flakeShow";
pub(crate) const ALL: [&str; 5] = [BUILD, DEVELOP, CANCEL, OPTIONS, FLAKE_SHOW];

/// What a build or develop command is given (each field optional).
#[derive(Deserialize, Default, Debug)]
pub(crate) struct Target {
    /// The file the command is about; its flake (the nearest `flake.nix` above), or the
    /// file itself.
    pub uri: Option<String>,
    /// An attribute path in the flake (`packages.x86_64-linux.hello`, or `hello`) or file.
    pub attr: Option<String>,
    /// An installable as `firn build` takes it (`.#hello`), run in the flake's directory.
    pub installable: Option<String>,
    /// `firn.options`: only the options under this path.
    pub prefix: Option<String>,
    /// `firn.options`: answer the count, not the list.
    #[serde(rename = "countOnly", default)]
    pub count_only: bool,
    /// Builds at once (`-j`).
    #[serde(rename = "maxJobs")]
    pub max_jobs: Option<u32>,
    /// Cores per build (`--cores`).
    pub cores: Option<u32>,
    /// Go on past a failed derivation (`-k`).
    #[serde(rename = "keepGoing", default)]
    pub keep_going: bool,
}

/// A command's child process as the main loop tracks it.
pub(crate) struct Running {
    pub pid: u32,
    pub token: Option<NumberOrString>,
}

impl Running {
    /// Interrupts the child (Ctrl-C): it closes its daemon connection and exits.
    pub fn cancel(&self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

/// What a finished command hands the main loop.
pub(crate) struct Finished {
    pub result: Result<Value, String>,
    /// The failing derivations' places (`{file, line, column, message}`), for the error
    /// answer's `data` (editors make a quickfix list of them).
    pub failures: Vec<Value>,
    /// Failure diagnostics by file.
    pub diagnostics: HashMap<PathBuf, Vec<Diagnostic>>,
    pub cancelled: bool,
}

/// The command line and directory of `firn build` / `firn print-dev-env` for a target.
pub(crate) fn invocation(
    command: &str,
    target: &Target,
    roots: &[PathBuf],
) -> Result<(PathBuf, Vec<String>), String> {
    let file = target
        .uri
        .as_deref()
        .and_then(|u| u.parse::<Uri>().ok())
        .map(|u| super::path_of(&u));
    let start = match &file {
        Some(f) => f.parent().map(Path::to_path_buf),
        None => roots.first().cloned(),
    }
    .ok_or("no file or workspace folder to build in")?;
    let flake_dir = start.ancestors().find(|d| d.join("flake.nix").is_file());
    if command == FLAKE_SHOW {
        // The outputs tree of the flake, as `nix flake show --json` prints it.
        let dir = flake_dir.ok_or("no flake.nix above the file")?;
        let args = ["flake", "show", "--json", "."].map(String::from).to_vec();
        return Ok((dir.to_path_buf(), args));
    }
    let mut args: Vec<String> = match command {
        BUILD => vec!["build".into(), "--json".into()],
        // The last environment stays alive as a GC root, as direnv keeps `.direnv/`.
        _ => vec![
            "print-dev-env".into(),
            "--env-json".into(),
            "--profile".into(),
            ".firn/dev-env".into(),
        ],
    };
    args.extend(["--log-format".to_string(), "internal-json".to_string()]);
    if let Some(n) = target.max_jobs {
        args.extend(["-j".to_string(), n.to_string()]);
    }
    if let Some(n) = target.cores {
        args.extend(["--cores".to_string(), n.to_string()]);
    }
    if target.keep_going {
        args.push("-k".to_string());
    }
    let cwd = match (flake_dir, &target.installable, &file) {
        (_, Some(installable), _) => {
            args.push(installable.clone());
            flake_dir.unwrap_or(&start).to_path_buf()
        }
        (Some(dir), None, _) => {
            args.push(match &target.attr {
                Some(a) if !a.is_empty() => format!(".#{a}"),
                _ => ".".into(),
            });
            dir.to_path_buf()
        }
        (None, None, Some(file)) => {
            args.extend(["-f".to_string(), file.display().to_string()]);
            if let Some(a) = target.attr.as_ref().filter(|a| !a.is_empty()) {
                args.push(a.clone());
            }
            start
        }
        (None, None, None) => start,
    };
    Ok((cwd, args))
}

/// One running command's view of the event stream.
struct Watch<'a> {
    client: &'a Client,
    token: Option<NumberOrString>,
    title: &'static str,
    /// Build activity id → (`.drv` path, display name).
    builds: HashMap<u64, (String, String)>,
    builds_activity: Option<u64>,
    percentage: Option<u32>,
    errors: Vec<String>,
    diagnostics: HashMap<PathBuf, Vec<Diagnostic>>,
    failures: Vec<Value>,
}

impl Watch<'_> {
    fn report(&self, message: String) {
        if let Some(token) = &self.token {
            self.client
                .notify::<notification::Progress>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(WorkDoneProgress::Report(
                        WorkDoneProgressReport {
                            cancellable: Some(true),
                            message: Some(message),
                            percentage: self.percentage,
                        },
                    )),
                });
        }
    }

    fn event(&mut self, e: &Value) {
        let int = |v: &Value| v.as_u64().unwrap_or(0);
        match e["action"].as_str() {
            Some("start") => {
                let id = int(&e["id"]);
                match int(&e["type"]) {
                    104 => self.builds_activity = Some(id),
                    105 => {
                        let drv = e["fields"][0].as_str().unwrap_or_default().to_string();
                        let name = display_name(&drv);
                        self.report(format!("building {name}"));
                        self.builds.insert(id, (drv, name));
                    }
                    _ => {}
                }
            }
            Some("result") => {
                let id = int(&e["id"]);
                let fields = &e["fields"];
                match int(&e["type"]) {
                    101 | 107 => {
                        let line = fields[0].as_str().unwrap_or_default();
                        let (drv, name) = self.builds.get(&id).cloned().unwrap_or_default();
                        self.client.send(&lsp_server::Message::from(
                            lsp_server::Notification::new(
                                "firn/buildLog".to_string(),
                                serde_json::json!({"drvPath": drv, "name": name, "line": line}),
                            ),
                        ));
                        self.client.log(MessageType::LOG, format!("{name}> {line}"));
                    }
                    104 => {
                        if let Some((_, name)) = self.builds.get(&id) {
                            let phase = fields[0].as_str().unwrap_or_default();
                            self.report(format!("building {name} ({phase})"));
                        }
                    }
                    105 if Some(id) == self.builds_activity => {
                        let (done, expected) = (int(&fields[0]), int(&fields[1]));
                        if let Some(share) = (done * 100).checked_div(expected) {
                            self.percentage = Some(share as u32);
                            self.report(format!("{done}/{expected} built"));
                        }
                    }
                    _ => {}
                }
            }
            Some("stop") => {
                self.builds.remove(&int(&e["id"]));
            }
            Some("msg") => {
                let msg = e["msg"].as_str().unwrap_or_default().to_string();
                match (e["file"].as_str(), e["line"].as_u64()) {
                    (Some(file), Some(line)) => {
                        let column = e["column"].as_u64().unwrap_or(1);
                        let error = e["error"].as_str().unwrap_or_default();
                        let diagnostic =
                            failure_diagnostic(Path::new(file), line, column, &msg, error);
                        self.diagnostics
                            .entry(PathBuf::from(file))
                            .or_default()
                            .push(diagnostic);
                        self.failures
                            .push(serde_json::json!({"file": file, "line": line,
                            "column": column, "message": format!("{msg}: {error}")}));
                    }
                    _ if int(&e["level"]) == 0 => self.errors.push(msg),
                    _ => self.client.log(MessageType::INFO, msg),
                }
            }
            _ => {}
        }
    }
}

/// A diagnostic at `line:column` (1-based) of `file`, over the rest of that line.
fn failure_diagnostic(file: &Path, line: u64, column: u64, what: &str, error: &str) -> Diagnostic {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let line0 = line.saturating_sub(1) as u32;
    let start = column.saturating_sub(1) as u32;
    let end = text
        .lines()
        .nth(line0 as usize)
        .map_or(start + 1, |l| l.encode_utf16().count() as u32);
    Diagnostic {
        range: Range::new(
            Position::new(line0, start),
            Position::new(line0, end.max(start + 1)),
        ),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("build-failed".into())),
        source: Some("firn build".into()),
        message: format!("{what}: {error}"),
        ..Default::default()
    }
}

fn display_name(drv: &str) -> String {
    let base = drv.rsplit('/').next().unwrap_or(drv);
    let name = base.split_once('-').map_or(base, |(_, n)| n);
    name.strip_suffix(".drv").unwrap_or(name).to_string()
}

/// Starts the child; `None` with a message when it cannot start.
pub(crate) fn spawn(cwd: &Path, args: &[String]) -> Result<std::process::Child, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find firn itself: {e}"))?;
    Command::new(exe)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start firn {}: {e}", args[0]))
}

/// Follows a running child to its end (on a thread of its own).
pub(crate) fn follow(
    mut child: std::process::Child,
    client: &Client,
    command: &str,
    token: Option<NumberOrString>,
) -> Finished {
    let title = if command == BUILD {
        "firn build"
    } else {
        "firn develop"
    };
    if let Some(token) = &token {
        client.notify::<notification::Progress>(ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(WorkDoneProgress::Begin(WorkDoneProgressBegin {
                title: title.to_string(),
                cancellable: Some(true),
                message: None,
                percentage: None,
            })),
        });
    }
    let mut watch = Watch {
        client,
        token: token.clone(),
        title,
        builds: HashMap::new(),
        builds_activity: None,
        percentage: None,
        errors: Vec::new(),
        diagnostics: HashMap::new(),
        failures: Vec::new(),
    };
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let stderr = child.stderr.take().expect("piped");
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        match line
            .strip_prefix("@nix ")
            .and_then(|j| serde_json::from_str::<Value>(j).ok())
        {
            Some(event) => watch.event(&event),
            None if !line.trim().is_empty() => watch.errors.push(line),
            None => {}
        }
    }
    let out = reader.join().unwrap_or_default();
    let status = child.wait();
    let cancelled = status
        .as_ref()
        .is_ok_and(|s| s.code() == Some(130) || s.code().is_none());
    let success = status.as_ref().is_ok_and(|s| s.success());
    let result = if success {
        serde_json::from_slice::<Value>(&out)
            .map_err(|e| format!("{title}: unreadable answer: {e}"))
    } else {
        Err(if watch.errors.is_empty() {
            format!("{title} failed")
        } else {
            watch.errors.join("\n")
        })
    };
    if let Some(token) = &token {
        let message = match &result {
            Ok(_) => "done".to_string(),
            Err(_) if cancelled => "cancelled".to_string(),
            Err(e) => e.lines().next().unwrap_or("failed").to_string(),
        };
        client.notify::<notification::Progress>(ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(WorkDoneProgress::End(WorkDoneProgressEnd {
                message: Some(format!("{} {message}", watch.title)),
            })),
        });
    }
    Finished {
        result,
        failures: watch.failures,
        diagnostics: watch.diagnostics,
        cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_options_reach_the_command_line() {
        let dir = std::env::temp_dir().join(format!("firn-commands-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("flake.nix"), "{ outputs = _: { }; }").unwrap();
        let target = Target {
            uri: Some(format!("file://{}/flake.nix", dir.display())),
            attr: Some("hello".into()),
            max_jobs: Some(4),
            cores: Some(2),
            keep_going: true,
            ..Target::default()
        };
        let (cwd, args) = invocation(BUILD, &target, &[]).unwrap();
        assert_eq!(cwd, dir);
        assert_eq!(
            args,
            [
                "build",
                "--json",
                "--log-format",
                "internal-json",
                "-j",
                "4",
                "--cores",
                "2",
                "-k",
                ".#hello"
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
