//! `firn build` through a real Nix daemon (a private one: `test_utils::nix_daemon`), against
//! `nix build` (Nix 2.8) on the same store: the same `--json` for derivations with sources,
//! `toFile`, `filterSource`, `builtins.path`, dependencies, several outputs and flakes; a
//! failing build's exit status, message and source position; the progress events; a
//! cancelled build leaving no builder behind; an untrusted user building.

use serde_json::Value as Json;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use test_utils::nix_daemon::{run_under_daemon, world_writable_dir};

fn fixture(name: &str) -> PathBuf {
    let dir = world_writable_dir(name);
    test_utils::copy_tree(
        &test_utils::workspace_root().join("tests/test_data/build"),
        &dir,
    );
    make_readable(&dir);
    dir
}

/// Lets `nobody` read the fixture (the untrusted-user case).
fn make_readable(dir: &Path) {
    let status = Command::new("chmod")
        .args(["-R", "a+rwX"])
        .arg(dir)
        .status();
    assert!(status.unwrap().success());
}

fn firn(dir: &Path, args: &[&str]) -> Output {
    Command::new(test_utils::firn_binary())
        .arg("build")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn nix(dir: &Path, args: &[&str]) -> Output {
    Command::new("nix")
        .arg("build")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// firn's and Nix's answers, the same JSON.
fn assert_same_json(ours: &Output, theirs: &Output) {
    assert_eq!(json(ours), json(theirs), "{}\n{}", text(ours), text(theirs));
}

fn json(o: &Output) -> Json {
    assert!(o.status.success(), "{}", text(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

#[test]
fn firn_build_matches_nix_build() {
    if !run_under_daemon("firn_build_matches_nix_build") {
        return;
    }
    let dir = fixture("build-json");
    let installables = ["-f", "default.nix", "ok", "ok.dev", "chain"];

    // Before anything is built: what would be.
    let dry = firn(&dir, &[&installables[..], &["--dry-run"]].concat());
    assert!(dry.status.success(), "{}", text(&dry));
    let dry_err = String::from_utf8_lossy(&dry.stderr);
    // ok, dep-a and the five chain links.
    assert!(
        dry_err.contains("these 7 derivations will be built:"),
        "{}",
        text(&dry)
    );
    assert!(!dir.join("result").exists(), "--dry-run made a link");

    // firn builds first, so the daemon receives firn's uploads and checks every path.
    let ours = firn(&dir, &[&installables[..], &["--json", "-L"]].concat());
    let theirs = nix(
        &dir,
        &[&installables[..], &["--json", "--no-link"]].concat(),
    );
    assert_same_json(&ours, &theirs);
    let log = String::from_utf8_lossy(&ours.stderr);
    for line in [
        "dep-a> building a",
        "demo-ok> line 2",
        "demo-ok> hello from a source file",
        "demo-ok> a",
        "demo-ok> a note",
        "demo-ok> keep",
        "demo-ok> to stderr",
    ] {
        assert!(log.lines().any(|l| l == line), "no {line:?} in:\n{log}");
    }
    assert!(
        !log.contains("demo-ok> skip"),
        "filterSource kept 'skip':\n{log}"
    );

    // `nix build`'s links: `result`, then `-<n>` for the n-th derivation and `-<output>`
    // for an output other than `out`.
    let built = json(&ours);
    let mut links = Vec::new();
    for (i, entry) in built.as_array().unwrap().iter().enumerate() {
        for (output, path) in entry["outputs"].as_object().unwrap() {
            let mut link = "result".to_string();
            if i > 0 {
                link += &format!("-{i}");
            }
            if output != "out" {
                link += &format!("-{output}");
            }
            let target = std::fs::read_link(dir.join(&link)).unwrap();
            assert_eq!(target, Path::new(path.as_str().unwrap()), "{link}");
            let contents = std::fs::read_to_string(dir.join(&link)).unwrap();
            links.push((link, contents));
        }
    }
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(links.iter().any(|(_, c)| c == "done\n"), "{links:?}");
    assert!(
        links
            .iter()
            .any(|(l, c)| l.ends_with("-dev") && c == "dev\n"),
        "{links:?}"
    );
    let ok_out = built
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| {
            e["drvPath"]
                .as_str()
                .unwrap()
                .ends_with("demo-ok-2.drv")
                .then(|| e["outputs"]["out"].clone())
        })
        .unwrap();

    // Built already: the same answer, nothing rebuilt, and --print-out-paths.
    let again = firn(
        &dir,
        &["-f", "default.nix", "ok", "--print-out-paths", "--no-link"],
    );
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        format!("{}\n", ok_out.as_str().unwrap())
    );
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("building"),
        "{}",
        text(&again)
    );
}

#[test]
fn flakes_build_as_nix_builds_them() {
    if !run_under_daemon("flakes_build_as_nix_builds_them") {
        return;
    }
    let dir = fixture("build-flake").join("flake");
    let ours = firn(&dir, &[".", "--json", "--no-link"]);
    let theirs = nix(&dir, &[".", "--json", "--no-link"]);
    assert_same_json(&ours, &theirs);
    let path = json(&ours)[0]["outputs"]["out"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(std::fs::read_to_string(path).unwrap(), "flake data\n");
    let named = firn(&dir, &[".#default", "--json", "--no-link"]);
    assert_eq!(json(&named), json(&theirs));
}

#[test]
fn a_failed_build_says_why_and_where() {
    if !run_under_daemon("a_failed_build_says_why_and_where") {
        return;
    }
    let dir = fixture("build-fail");
    let ours = firn(&dir, &["-f", "default.nix", "needsFail"]);
    let theirs = nix(&dir, &["-f", "default.nix", "needsFail", "--no-link"]);
    assert_eq!(ours.status.code(), theirs.status.code(), "{}", text(&ours));
    assert_eq!(ours.status.code(), Some(1));
    let err = String::from_utf8_lossy(&ours.stderr);
    assert!(err.contains("failed with exit code 3"), "{err}");
    assert!(err.contains("> oops"), "{err}");
    let source = std::fs::read_to_string(dir.join("default.nix")).unwrap();
    let line = |needle: &str| 1 + source.lines().position(|l| l.contains(needle)).unwrap();
    let file = dir.join("default.nix");
    let at = format!(
        "derivation 'demo-fail' is defined at {}:{}:",
        file.display(),
        line("name = \"demo-fail-2\"")
    );
    assert!(err.contains(&at), "no {at:?} in:\n{err}");
    let needed = format!(
        "needed by 'default.nix needsFail', defined at {}:{}:",
        file.display(),
        line("name = \"needs-fail\"")
    );
    assert!(err.contains(&needed), "no {needed:?} in:\n{err}");
    assert!(!dir.join("result").exists());
}

#[test]
fn progress_reaches_every_build() {
    if !run_under_daemon("progress_reaches_every_build") {
        return;
    }
    let dir = fixture("build-progress");
    let ours = firn(
        &dir,
        &[
            "-f",
            "default.nix",
            "ok",
            "--log-format",
            "internal-json",
            "--no-link",
        ],
    );
    assert!(ours.status.success(), "{}", text(&ours));
    let events: Vec<Json> = String::from_utf8_lossy(&ours.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("@nix "))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let has = |f: &dyn Fn(&Json) -> bool| events.iter().any(f);
    let starts: Vec<&Json> = events
        .iter()
        .filter(|e| e["action"] == "start" && e["type"] == 105)
        .collect();
    assert_eq!(starts.len(), 2, "two builds (dep-a, demo-ok): {events:#?}");
    assert!(has(&|e| e["action"] == "result"
        && e["type"] == 104
        && e["fields"][0] == "buildPhase"));
    assert!(has(&|e| e["action"] == "result"
        && e["type"] == 101
        && e["fields"][0] == "line 1"));
    // The Builds counter ends at [done, expected, running, failed] = [2, 2, 0, 0].
    assert!(
        has(&|e| e["action"] == "result"
            && e["type"] == 105
            && e["fields"] == serde_json::json!([2, 2, 0, 0])),
        "{events:#?}"
    );
}

/// Processes whose command line contains `needle`.
fn processes_running(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmd) = std::fs::read(entry.path().join("cmdline")) {
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains(needle) {
                found.push(cmd);
            }
        }
    }
    found
}

#[test]
fn cancelling_a_build_stops_its_builder() {
    if !run_under_daemon("cancelling_a_build_stops_its_builder") {
        return;
    }
    let dir = fixture("build-cancel");
    let needle = "while :; do :; done";
    let mut child = Command::new(test_utils::firn_binary())
        .args(["build", "-f", "default.nix", "busy", "-L", "--no-link"])
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = lines
            .next()
            .expect("the build ended before it started")
            .unwrap();
        seen.push(line.clone());
        if line == "busy> started" {
            break;
        }
    }
    assert!(
        !processes_running(needle).is_empty(),
        "the builder is not running: {seen:?}"
    );
    // Ctrl-C.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let exit = child.wait().unwrap();
    assert!(!exit.success(), "{rest:?}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_running(needle).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the builder outlived the cancelled build: {:?}",
            processes_running(needle)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_untrusted_user_can_build() {
    if !run_under_daemon("an_untrusted_user_can_build") {
        return;
    }
    let dir = fixture("build-untrusted");
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(test_utils::firn_binary())
        .args(["build", "-f", "default.nix", "chain", "ok", "--json"])
        .current_dir(&dir)
        .env("HOME", &dir)
        .output()
        .unwrap();
    let ours = json(&output);
    let theirs = nix(
        &dir,
        &["-f", "default.nix", "chain", "ok", "--json", "--no-link"],
    );
    assert_eq!(ours, json(&theirs));
    let link = std::fs::symlink_metadata(dir.join("result")).unwrap();
    assert_eq!(std::os::unix::fs::MetadataExt::uid(&link), 65534);
}

/// `print-dev-env --json` from firn and from Nix, without what differs by design: the
/// clock, the dumper's line number, and the `-env` output path (firn's dumper is its own,
/// so the `-env` derivation differs).
fn comparable_env(o: &Output) -> Json {
    let mut env = json(o);
    let vars = env["variables"].as_object_mut().unwrap();
    let out = vars["out"]["value"].as_str().unwrap().to_string();
    vars.retain(|name, v| {
        !matches!(name.as_str(), "EPOCHREALTIME" | "EPOCHSECONDS" | "LINENO")
            && !v["value"].as_str().is_some_and(|s| s.contains(&out))
    });
    env
}

fn run_in_env(script: &[u8], dir: &Path) -> String {
    let out = Command::new("bash")
        .arg("-c")
        .arg("eval \"$(cat)\" >/dev/null; printf '%s|' \"$FOO\" \"$MULTI\" \"$HOOKVAR\" \"$FROM_SETUP\" \"${buildInputsArray[1]}\" \"${assoc[other]}\" \"$(greet you)\"")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            std::io::Write::write_all(child.stdin.as_mut().unwrap(), script)?;
            drop(child.stdin.take());
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn dev_environments_match_nix() {
    if !run_under_daemon("dev_environments_match_nix") {
        return;
    }
    let root = fixture("develop");
    for (dir, args) in [
        (root.join("flake"), vec!["."]),
        (root.clone(), vec!["-f", "shell.nix"]),
    ] {
        let firn_env = |extra: &[&str]| {
            Command::new(test_utils::firn_binary())
                .arg("print-dev-env")
                .args(&args)
                .args(extra)
                .current_dir(&dir)
                .output()
                .unwrap()
        };
        let nix_env = |extra: &[&str]| {
            Command::new("nix")
                .arg("print-dev-env")
                .args(&args)
                .args(extra)
                .current_dir(&dir)
                .output()
                .unwrap()
        };
        let ours = firn_env(&["--json"]);
        let theirs = nix_env(&["--json"]);
        assert_eq!(comparable_env(&ours), comparable_env(&theirs), "{args:?}");

        // The bash form, sourced: the same variables, arrays, functions and hook.
        let ours = firn_env(&[]);
        let theirs = nix_env(&[]);
        assert!(ours.status.success(), "{}", text(&ours));
        let (a, b) = (
            run_in_env(&ours.stdout, &dir),
            run_in_env(&theirs.stdout, &dir),
        );
        assert_eq!(a, b, "{args:?}");
        assert!(a.starts_with("bar baz|line1\nline2|1|"), "{a}");

        // The editor's form: PATH joined with the caller's, the hook apart, files to watch.
        let editor = json(&firn_env(&["--env-json"]));
        let path = editor["env"]["PATH"].as_str().unwrap();
        let caller = std::env::var("PATH").unwrap();
        assert!(path.ends_with(&format!(":{caller}")), "{path}");
        assert_eq!(editor["shellHook"], "echo hook-ran; export HOOKVAR=1");
        assert!(editor["env"].get("HOME").is_none() && editor["env"].get("shellHook").is_none());
        let inputs: Vec<&str> = editor["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let main_file = if args[0] == "." {
            dir.join("flake.nix")
        } else {
            dir.join("shell.nix")
        };
        assert!(inputs.contains(&main_file.to_str().unwrap()), "{inputs:?}");

        // `firn develop -c` runs the command after the hook, in the environment.
        let develop = Command::new(test_utils::firn_binary())
            .arg("develop")
            .args(&args)
            .args(["-c", "bash", "-c", "echo \"$FOO/$HOOKVAR/$IN_NIX_SHELL\""])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(develop.status.success(), "{}", text(&develop));
        assert_eq!(
            String::from_utf8_lossy(&develop.stdout),
            "hook-ran\nbar baz/1/impure\n"
        );
    }
}

/// The editor's side: lenses, `firn.build` with progress, logs and a failure diagnostic at
/// the failing derivation, `firn.develop`, and a cancelled build leaving no builder.
#[test]
fn the_server_builds_and_develops_on_command() {
    use serde_json::json;
    use test_utils::lsp_client::Client;
    if !run_under_daemon("the_server_builds_and_develops_on_command") {
        return;
    }
    let dir = fixture("build-lsp");
    let file = dir.join("default.nix");
    let uri = format!("file://{}", file.display());
    let mut client = Client::start();
    client.timeout = Duration::from_secs(60);
    let root = format!("file://{}", dir.display());
    let init = client.initialize_in(json!(root), json!({"window": {"workDoneProgress": true}}));
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(
        commands,
        &json!([
            "firn.build",
            "firn.develop",
            "firn.cancelBuild",
            "firn.options",
            "firn.flakeShow"
        ])
    );
    client.open(&uri, &std::fs::read_to_string(&file).unwrap());

    // Lenses over the derivations, naming their attributes; computing them built nothing.
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    let attrs: Vec<&str> = lenses["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["arguments"][0]["attr"].as_str().unwrap())
        .collect();
    assert_eq!(attrs, ["ok", "fail", "needsFail", "busy"], "{lenses}");
    let store_items = || std::fs::read_dir("/nix/store").map_or(0, |d| d.count());
    assert_eq!(
        store_items(),
        0,
        "opening and asking for lenses wrote to the store"
    );

    // A failing build: an error answer, its log, and a diagnostic where `demo-fail` is.
    let failed = client.request(
        "workspace/executeCommand",
        json!({"command": "firn.build", "arguments": [{"uri": uri, "attr": "needsFail"}]}),
    );
    assert!(
        failed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("failed with exit code 3"),
        "{failed}"
    );
    let log =
        client.notification(|n| n["method"] == "firn/buildLog" && n["params"]["line"] == "oops");
    assert!(
        log["params"]["drvPath"]
            .as_str()
            .unwrap()
            .ends_with("-demo-fail-2.drv")
    );
    let published = client.notification(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "build-failed"))
    });
    let source = std::fs::read_to_string(&file).unwrap();
    let line = source
        .lines()
        .position(|l| l.contains("name = \"demo-fail-2\""))
        .unwrap();
    let diagnostic = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["code"] == "build-failed" && d["message"].as_str().unwrap().contains("demo-fail")
        })
        .cloned()
        .unwrap_or_else(|| panic!("{published}"));
    assert_eq!(
        diagnostic["range"]["start"]["line"],
        json!(line),
        "{diagnostic}"
    );
    assert!(
        diagnostic["message"].as_str().unwrap().contains("> oops"),
        "{diagnostic}"
    );
    // The progress began cancellable and ended.
    let command_progress = |n: &serde_json::Value, kind: &str| {
        n["method"] == "$/progress"
            && n["params"]["token"]
                .as_str()
                .is_some_and(|t| t.starts_with("firn/command"))
            && n["params"]["value"]["kind"] == kind
    };
    let begin = client.notification(|n| command_progress(n, "begin"));
    assert_eq!(begin["params"]["value"]["cancellable"], true);
    assert_eq!(begin["params"]["value"]["title"], "firn build");
    client.notification(|n| command_progress(n, "report"));
    client.notification(|n| command_progress(n, "end"));

    // A good build answers with nix build's JSON and clears the failure.
    let built = client.request(
        "workspace/executeCommand",
        json!({"command": "firn.build", "arguments": [{"uri": uri, "attr": "ok"}]}),
    );
    let out = built["result"][0]["outputs"]["out"]
        .as_str()
        .unwrap_or_else(|| panic!("{built}"));
    assert_eq!(std::fs::read_to_string(out).unwrap(), "done\n");
    client.notification(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == uri
            && n["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().all(|d| d["code"] != "build-failed"))
    });

    // Develop: the environment an editor applies.
    let shell = format!("file://{}", dir.join("shell.nix").display());
    let env = client.request(
        "workspace/executeCommand",
        json!({"command": "firn.develop", "arguments": [{"uri": shell}]}),
    );
    assert_eq!(env["result"]["env"]["FOO"], "bar baz", "{env}");
    assert_eq!(
        env["result"]["shellHook"],
        "echo hook-ran; export HOOKVAR=1"
    );

    // Cancelling a running build: the request is answered as cancelled, the builder ends.
    let id = client.send_request(
        "workspace/executeCommand",
        json!({"command": "firn.build", "arguments": [{"uri": uri, "attr": "busy"}]}),
    );
    client.notification(|n| n["method"] == "firn/buildLog" && n["params"]["line"] == "started");
    client.notify("$/cancelRequest", json!({"id": id}));
    let answer = client.response(json!(id));
    assert_eq!(answer["error"]["code"], -32800, "{answer}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_running("while :; do :; done").is_empty() {
        assert!(
            Instant::now() < deadline,
            "the builder outlived the cancelled build"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The client itself against the real daemon over `nix-daemon --stdio`: the handshake,
/// adding a text file (the daemon's path is the one `store` computes), querying it and
/// reading it back as a NAR; a bad request gets the daemon's message.
#[test]
fn the_daemon_client_speaks_to_nix_2_8_over_stdio() {
    use store::daemon::{AddMethod, Daemon, Version};
    if !run_under_daemon("the_daemon_client_speaks_to_nix_2_8_over_stdio") {
        return;
    }
    let mut command = Command::new("nix-daemon");
    command.arg("--stdio");
    let mut daemon = Daemon::spawn(command).unwrap();
    assert_eq!(daemon.version(), Version(1, 34));
    assert_eq!(daemon.nix_version(), Some("2.8.0"));
    daemon
        .set_options(&store::daemon::Options::default())
        .unwrap();
    let contents = b"hello from firn\n";
    let dir = store::StoreDir::new("/nix/store").unwrap();
    let expected = dir
        .make_text_path(
            "hello.txt",
            &store::Hash::digest(store::HashAlgo::Sha256, contents),
            &Default::default(),
        )
        .unwrap();
    let expected = dir.print(&expected);
    assert!(!daemon.is_valid_path(&expected).unwrap());
    let info = daemon
        .add_to_store("hello.txt", AddMethod::Text, &[], &contents[..])
        .unwrap();
    assert_eq!(info.path, expected);
    assert!(info.ca.starts_with("text:sha256:"), "{info:?}");
    assert_eq!(
        daemon
            .query_valid_paths(std::slice::from_ref(&expected))
            .unwrap(),
        std::slice::from_ref(&expected)
    );
    let nar = daemon.nar_from_path(&expected).unwrap();
    assert_eq!(store::nar::regular_file_contents(&nar).unwrap(), contents);
    let missing = daemon
        .query_missing(std::slice::from_ref(&expected))
        .unwrap();
    assert!(
        missing.will_build.is_empty() && missing.unknown.is_empty(),
        "{missing:?}"
    );
    // A path outside the store: the daemon's own error (it then closes the connection,
    // as it does for any error while reading a request's arguments).
    let e = daemon.add_temp_root("/tmp/not-in-the-store").unwrap_err();
    assert_eq!(
        e.message,
        "path '/tmp/not-in-the-store' is not in the Nix store"
    );
}
