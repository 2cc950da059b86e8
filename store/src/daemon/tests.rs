//! The client against CppNix's own protocol vectors and against a scripted daemon.

use super::wire::*;
use super::*;
use serde_json::Value as Json;
use std::os::unix::net::UnixStream;

fn vectors() -> Option<PathBuf> {
    let nix = test_utils::reference_dir("FIRN_NIX_SRC", "daemon protocol vectors")?;
    Some(nix.join("src/libstore-tests/data/worker-protocol"))
}

use std::path::PathBuf;

/// Decodes every build result of CppNix's vector for `version` and compares it with the
/// JSON CppNix wrote beside it.
fn check_build_results(file: &str, version: Version) {
    let Some(dir) = vectors() else { return };
    let bytes = std::fs::read(dir.join(format!("{file}.bin"))).unwrap();
    let json: Json =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{file}.json"))).unwrap()).unwrap();
    let expected = json.as_array().unwrap();
    let mut input = &bytes[..];
    for want in expected {
        let got = BuildResult::read(&mut input, version).unwrap();
        assert_eq!(got.status_name(), want["status"], "{file}");
        assert_eq!(got.success(), want["success"], "{file}");
        assert_eq!(
            got.error_msg,
            want["errorMsg"].as_str().unwrap_or(""),
            "{file}"
        );
        if version >= Version(1, 29) {
            // CppNix's JSON leaves out fields at their defaults.
            let number = |key: &str| want[key].as_u64().unwrap_or(0);
            assert_eq!(got.times_built, number("timesBuilt"), "{file}");
            let non_deterministic = want["isNonDeterministic"].as_bool().unwrap_or(false);
            assert_eq!(got.is_non_deterministic, non_deterministic, "{file}");
            assert_eq!(got.start_time, number("startTime"), "{file}");
            assert_eq!(got.stop_time, number("stopTime"), "{file}");
        }
        let outputs: BTreeMap<String, String> = want["builtOutputs"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v["outPath"].as_str().unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got.built_outputs, outputs, "{file}");
    }
    assert!(input.is_empty(), "{file}: {} bytes left over", input.len());
}

use std::collections::BTreeMap;

#[test]
fn build_results_decode_as_cppnix_encodes_them() {
    check_build_results("build-result-1.27", Version(1, 27));
    check_build_results("build-result-1.28", Version(1, 28));
    check_build_results("build-result-1.29", Version(1, 29));
    check_build_results("build-result-1.37", Version(1, 37));
}

#[test]
fn strings_sets_and_derived_paths_encode_as_cppnix_does() {
    let Some(dir) = vectors() else { return };
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let json = |name: &str| -> Json { serde_json::from_slice(&read(name)).unwrap() };
    // string.bin: each string of string.json, one after another.
    let mut out = Vec::new();
    for s in json("string.json").as_array().unwrap() {
        write_bytes(&mut out, s.as_str().unwrap().as_bytes()).unwrap();
    }
    assert_eq!(out, read("string.bin"));
    // derived-path-1.30.bin: paths as firn sends them to BuildPathsWithResults.
    let mut out = Vec::new();
    for p in json("derived-path-1.30.json").as_array().unwrap() {
        let text = match p {
            Json::String(s) => format!("/nix/store/{s}"),
            _ => {
                let outputs: Vec<&str> = p["outputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o.as_str().unwrap())
                    .collect();
                format!(
                    "/nix/store/{}!{}",
                    p["drvPath"].as_str().unwrap(),
                    outputs.join(",")
                )
            }
        };
        write_bytes(&mut out, text.as_bytes()).unwrap();
    }
    assert_eq!(out, read("derived-path-1.30.bin"));
    // handshake-to-client.bin: the daemon's greeting, magic then version.
    let greeting = read("handshake-to-client.bin");
    let mut input = &greeting[..];
    assert_eq!(read_u64(&mut input).unwrap(), WORKER_MAGIC_2);
    assert_eq!(
        Version::from_wire(read_u64(&mut input).unwrap()),
        Version(1, 10)
    );
}

/// The daemon side of a conversation, scripted: each step reads what the client must send
/// and writes the reply.
struct Script {
    stream: UnixStream,
}

impl Script {
    fn expect_u64(&mut self, want: u64, what: &str) {
        assert_eq!(read_u64(&mut self.stream).unwrap(), want, "{what}");
    }
    fn u64(&mut self, n: u64) {
        write_u64(&mut self.stream, n).unwrap();
    }
    fn string(&mut self, s: &str) {
        write_bytes(&mut self.stream, s.as_bytes()).unwrap();
    }
    fn read_string(&mut self) -> String {
        read_string(&mut self.stream).unwrap()
    }
    fn last(&mut self) {
        self.u64(0x616c7473);
    }
    /// The daemon's half of the handshake at `version`.
    fn greet(&mut self, version: Version) {
        self.expect_u64(WORKER_MAGIC_1, "magic");
        self.u64(WORKER_MAGIC_2);
        self.u64(version.to_wire());
        self.expect_u64(Version::MAX.to_wire(), "client version");
        if version >= Version(1, 38) {
            assert_eq!(
                read_strings(&mut self.stream).unwrap(),
                Vec::<String>::new()
            );
            write_strings(&mut self.stream, &["some-future-feature"]).unwrap();
        }
        self.expect_u64(0, "affinity");
        self.expect_u64(0, "reserveSpace");
        if version >= Version(1, 33) {
            self.string("2.8.0");
        }
        if version >= Version(1, 35) {
            self.u64(2);
        }
        self.last();
    }
}

fn scripted(
    script: impl FnOnce(&mut Script) + Send + 'static,
) -> (Result<Daemon, DaemonError>, std::thread::JoinHandle<()>) {
    let (client, server) = UnixStream::pair().unwrap();
    let handle = std::thread::spawn(move || script(&mut Script { stream: server }));
    let reader = client.try_clone().unwrap();
    (Daemon::over(Box::new(reader), Box::new(client)), handle)
}

#[test]
fn handshakes_at_every_supported_version() {
    for version in [
        Version(1, 32),
        Version(1, 34),
        Version(1, 35),
        Version(1, 38),
    ] {
        let (daemon, script) = scripted(move |s| s.greet(version));
        let daemon = daemon.unwrap();
        script.join().unwrap();
        assert_eq!(daemon.version(), version);
        let nix = (version >= Version(1, 33)).then_some("2.8.0");
        assert_eq!(daemon.nix_version(), nix);
        let trusted = (version >= Version(1, 35)).then_some(false);
        assert_eq!(daemon.trusted(), trusted);
    }
}

#[test]
fn an_old_daemon_gets_a_clear_error() {
    let (daemon, script) = scripted(|s| {
        s.expect_u64(WORKER_MAGIC_1, "magic");
        s.u64(WORKER_MAGIC_2);
        s.u64(Version(1, 21).to_wire());
    });
    let e = daemon.err().unwrap();
    script.join().unwrap();
    assert!(e.message.contains("protocol 1.21; firn needs 1.32"), "{e}");
}

#[test]
fn a_build_streams_its_events_and_returns_its_results() {
    let (daemon, script) = scripted(|s| {
        s.greet(Version(1, 34));
        s.expect_u64(46, "BuildPathsWithResults");
        assert_eq!(
            read_strings(&mut s.stream).unwrap(),
            ["/nix/store/a-x.drv!out"]
        );
        s.expect_u64(0, "build mode");
        // start Build activity 7, a phase, a log line, a message, stop.
        s.u64(0x53545254);
        s.u64(7);
        s.u64(3);
        s.u64(105);
        s.string("building '/nix/store/a-x.drv'");
        s.u64(2);
        s.u64(1);
        s.string("/nix/store/a-x.drv");
        s.u64(0);
        s.u64(1);
        s.u64(0);
        s.u64(0x52534c54);
        s.u64(7);
        s.u64(104);
        s.u64(1);
        s.u64(1);
        s.string("buildPhase");
        s.u64(0x6f6c6d67);
        s.string("\x1b[31;1mwarning:\x1b[0m hi");
        s.u64(0x53544f50);
        s.u64(7);
        s.last();
        s.u64(1);
        s.string("/nix/store/a-x.drv!out");
        s.u64(3);
        s.string("builder failed");
        for n in [1, 0, 10, 20] {
            s.u64(n);
        }
        s.u64(0);
        // Then an error for the next request leaves the connection usable.
        s.expect_u64(1, "IsValidPath");
        let _ = s.read_string();
        s.u64(0x63787470);
        s.string("Error");
        s.u64(0);
        s.string("Error");
        s.string("\x1b[35;1mpath\x1b[0m is bad");
        s.u64(0);
        s.u64(1);
        s.u64(0);
        s.string("while checking");
    });
    let mut daemon = daemon.unwrap();
    let mut events = Vec::new();
    let results = daemon
        .build_paths(&["/nix/store/a-x.drv!out".into()], &mut |e| events.push(e))
        .unwrap();
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(
        events[0],
        Event::StartActivity {
            id: 7,
            level: 3,
            kind: activity::BUILD,
            text: "building '/nix/store/a-x.drv'".into(),
            fields: vec![Field::String("/nix/store/a-x.drv".into()), Field::Int(1)],
            parent: 0,
        }
    );
    assert_eq!(
        events[1],
        Event::Result {
            id: 7,
            kind: result::SET_PHASE,
            fields: vec![Field::String("buildPhase".into())]
        }
    );
    assert_eq!(events[3], Event::StopActivity { id: 7 });
    let (path, r) = &results[0];
    assert_eq!(path, "/nix/store/a-x.drv!out");
    assert_eq!(
        (r.status_name(), r.success(), r.times_built),
        ("PermanentFailure", false, 1)
    );
    assert_eq!(r.error_msg, "builder failed");
    let e = daemon.is_valid_path("/nix/store/a-x.drv").unwrap_err();
    assert_eq!(e.message, "path is bad\n… while checking");
    assert!(!e.fatal);
    script.join().unwrap();
}

#[test]
fn ansi_codes_are_stripped() {
    assert_eq!(
        strip_ansi("\x1b[0mbuilder for '\x1b[35;1m/nix/store/x.drv\x1b[0m' failed"),
        "builder for '/nix/store/x.drv' failed"
    );
}
