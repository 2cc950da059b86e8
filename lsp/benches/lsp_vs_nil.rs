//! `firn lsp` against nil over JSON-RPC, in one run, side by side with ratios:
//! - time to the first diagnostics after opening a generated package set shaped like
//!   nixpkgs' `all-packages.nix` (≥ 800 KB, written to a temporary directory, never kept),
//!   the median of three fresh servers;
//! - the first `semanticTokens/full` of that file;
//! - edit → completion latency, p50 and p95 over 200 single-character edits in that file;
//! - hover right after an edit while a formatting request is in flight (20 rounds);
//! - resident memory after opening, after one of each request, and after 1,000 edits
//!   with a request every 10 (`VmRSS` of `/proc/<pid>/status`, each after a second of
//!   idleness), and the peak (`VmHWM`);
//! - opening every file of `$FIRN_CORPUS/home-manager` one after another, with the time
//!   of each quarter, to show whether each open costs more than the last.
//!
//! Run: `FIRN_NIL=/path/to/nil FIRN_CORPUS=/path/to/corpus cargo bench -p lsp --bench lsp_vs_nil`.
//! Without `FIRN_NIL` only firn runs; without `FIRN_CORPUS` the home-manager step is skipped.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use test_utils::lsp_client::{Client, pos};

const EDITS: usize = 200;
const HOVER_ROUNDS: usize = 20;
/// Edits in all before resident memory is read again (those of the steps before count).
const MEMORY_EDITS: usize = 1_000;
const MIN_SIZE: usize = 800_000;
/// A server that publishes nothing is reported, not waited on forever.
const FIRST_DIAGNOSTICS_TIMEOUT: Duration = Duration::from_secs(120);
const FIRST_DIAGNOSTICS_ROUNDS: usize = 3;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);
/// JSON-RPC error codes of a request the server gave up on, to be asked again.
const REQUEST_CANCELLED: i64 = -32800;
const CONTENT_MODIFIED: i64 = -32801;

fn main() {
    let dir = std::env::temp_dir().join(format!("firn-bench-lsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let big = dir.join("all-packages.nix");
    std::fs::write(&big, test_utils::package_set(MIN_SIZE)).expect("the generated file is written");
    let corpus = std::env::var_os("FIRN_CORPUS").map(|c| PathBuf::from(c).join("home-manager"));

    type Server = Box<dyn Fn() -> Command>;
    let mut servers: Vec<(&str, Server)> = vec![(
        "firn",
        Box::new(|| {
            let mut firn = Command::new(test_utils::firn_binary());
            firn.arg("lsp");
            firn
        }),
    )];
    match std::env::var_os("FIRN_NIL") {
        Some(nil) if !nil.is_empty() => {
            servers.push(("nil", Box::new(move || Command::new(&nil))));
        }
        _ => println!("nil: not available (FIRN_NIL unset)"),
    }
    if corpus.is_none() {
        println!("home-manager: skipped (FIRN_CORPUS unset)");
    }

    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    println!("generated all-packages.nix: {:.0} KB", size as f64 / 1e3);
    let mut results: Vec<(&str, Results)> = Vec::new();
    for (name, server) in &servers {
        eprintln!("running {name}…");
        results.push((name, run(server.as_ref(), &big, corpus.as_deref())));
    }
    print_table(&results);
    std::fs::remove_dir_all(&dir).ok();
}

#[derive(Default)]
struct Results {
    first_diagnostics: Option<Duration>,
    semantic_tokens: Option<Duration>,
    hover_p50: Option<Duration>,
    hover_p95: Option<Duration>,
    rss_after_open_kb: Option<u64>,
    rss_after_requests_kb: Option<u64>,
    rss_after_edits_kb: Option<u64>,
    p50: Option<Duration>,
    p95: Option<Duration>,
    peak_rss_kb: Option<u64>,
    open_all: Option<Duration>,
    /// Time of each quarter of the opens.
    quarters: Vec<Duration>,
    files: usize,
    /// Completion requests the server cancelled itself and that were asked again.
    retried: usize,
}

fn run(server: &dyn Fn() -> Command, big: &Path, corpus: Option<&Path>) -> Results {
    let mut results = Results::default();
    let uri = format!("file://{}", big.display());
    let text = std::fs::read_to_string(big).expect("the generated file");

    // First diagnostics: the median of fresh servers, since one cold run varies by 2x
    // here. The last server goes on to the edits.
    let mut firsts = Vec::new();
    let mut client = start_server(server);
    for round in 0..FIRST_DIAGNOSTICS_ROUNDS {
        if round > 0 {
            shut_down(client);
            client = start_server(server);
        }
        let start = Instant::now();
        client.open(&uri, &text);
        client.timeout = FIRST_DIAGNOSTICS_TIMEOUT;
        let published = client.try_notification(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        });
        client.timeout = REQUEST_TIMEOUT;
        match published {
            Some(_) => firsts.push(start.elapsed()),
            None => {
                eprintln!("no diagnostics within {FIRST_DIAGNOSTICS_TIMEOUT:?}");
                break;
            }
        }
    }
    firsts.sort();
    if firsts.len() == FIRST_DIAGNOSTICS_ROUNDS {
        results.first_diagnostics = Some(firsts[firsts.len() / 2]);
    }
    let doc = json!({ "textDocument": { "uri": uri } });
    let started = Instant::now();
    let tokens = client.request("textDocument/semanticTokens/full", doc.clone());
    if tokens["result"]["data"].is_array() {
        results.semantic_tokens = Some(started.elapsed());
    }
    results.rss_after_open_kb = settled_rss_kb(&client);

    // Type an identifier on a line of its own in the middle of the set, asking for
    // completion after every character, as an editor does.
    let line = text[..text.len() / 2].matches('\n').count() as u32;
    // The memory once one of each request the edits below ask has been answered: what
    // they cache for the current text is not growth.
    let requests = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/documentSymbol",
        "textDocument/semanticTokens/full",
    ];
    for method in requests {
        let params = json!({ "textDocument": { "uri": uri }, "position": pos(line, 4) });
        ask_until_answered(&mut client, method, params, &mut results.retried);
    }
    results.rss_after_requests_kb = settled_rss_kb(&client);
    // Counted in cells: the closure and the steps below both read them.
    let version = std::cell::Cell::new(1);
    let edits = std::cell::Cell::new(0);
    let edit = |client: &mut Client, at: Value, new: &str| {
        version.set(version.get() + 1);
        edits.set(edits.get() + 1);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version.get() },
                    "contentChanges": [{ "range": { "start": at, "end": at }, "text": new }] }),
        );
    };
    edit(&mut client, pos(line, 0), "  probe = p;\n");
    let mut latencies = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let column = 11 + i as u32;
        let typed = ["k", "g", "s"][i % 3];
        let started = Instant::now();
        edit(&mut client, pos(line, column), typed);
        // A server may cancel a request itself (nil answers -32800 when its own background
        // work touches the database); an editor asks again, and so does the benchmark,
        // with the time counted.
        ask_until_answered(
            &mut client,
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, column + 1) }),
            &mut results.retried,
        );
        latencies.push(started.elapsed());
    }
    latencies.sort();
    results.p50 = Some(latencies[EDITS / 2]);
    results.p95 = Some(latencies[EDITS * 95 / 100]);

    // Hover right after an edit, with the whole file being formatted meanwhile.
    let mut hovers = Vec::with_capacity(HOVER_ROUNDS);
    for _ in 0..HOVER_ROUNDS {
        let formatting = client.send_request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri },
                    "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        let started = Instant::now();
        edit(&mut client, pos(line, 2), "q");
        ask_until_answered(
            &mut client,
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, 4) }),
            &mut results.retried,
        );
        hovers.push(started.elapsed());
        client.response(json!(formatting));
    }
    hovers.sort();
    results.hover_p50 = Some(hovers[HOVER_ROUNDS / 2]);
    results.hover_p95 = Some(hovers[HOVER_ROUNDS * 95 / 100]);

    // Memory after many edits: does the server keep what each revision computed?
    let mut n = 0;
    while edits.get() < MEMORY_EDITS {
        edit(&mut client, pos(line, 2), ["a", "b", "c"][n % 3]);
        if n % 10 == 0 {
            let method = requests[(n / 10) % requests.len()];
            let params = json!({ "textDocument": { "uri": uri }, "position": pos(line, 4) });
            ask_until_answered(&mut client, method, params, &mut results.retried);
        }
        n += 1;
        client.notifications.clear();
    }
    // Settled: the diagnostics of the last version are out.
    client.try_notification(|n| {
        n["method"] == "textDocument/publishDiagnostics" && n["params"]["version"] == version.get()
    });
    results.rss_after_edits_kb = settled_rss_kb(&client);
    results.peak_rss_kb = status_kb(client.child.id(), "VmHWM:");
    shut_down(client);

    if let Some(corpus) = corpus {
        let files = test_utils::nix_files(corpus);
        let texts: Vec<(String, String)> = files
            .iter()
            .filter_map(|p| {
                Some((
                    format!("file://{}", p.display()),
                    std::fs::read_to_string(p).ok()?,
                ))
            })
            .collect();
        let mut client = start_server(server);
        let start = Instant::now();
        let mut last = start;
        let quarter = texts.len().div_ceil(4).max(1);
        for (index, (uri, text)) in texts.iter().enumerate() {
            client.open(uri, text);
            if (index + 1) % quarter == 0 || index + 1 == texts.len() {
                // A request answers after the opens before it are handled.
                client.request(
                    "textDocument/documentSymbol",
                    json!({ "textDocument": { "uri": uri } }),
                );
                results.quarters.push(last.elapsed());
                last = Instant::now();
            }
            // Keep the pipe drained: servers publish diagnostics as files open.
            client.notifications.clear();
        }
        results.open_all = Some(start.elapsed());
        results.files = texts.len();
        shut_down(client);
    }
    results
}

/// A server started and initialized.
fn start_server(server: &dyn Fn() -> Command) -> Client {
    let mut client = Client::spawn(server());
    client.timeout = REQUEST_TIMEOUT;
    client.initialize_with(json!({}));
    client
}

fn shut_down(mut client: Client) {
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
}

/// Asks until the server answers with a result: a server may cancel a request itself (nil
/// answers -32800 when its own background work touches the database); an editor asks
/// again, and so does the benchmark, with the time counted.
fn ask_until_answered(client: &mut Client, method: &str, params: Value, retried: &mut usize) {
    loop {
        let response = client.request(method, params.clone());
        match response["error"]["code"].as_i64() {
            None => return,
            Some(REQUEST_CANCELLED | CONTENT_MODIFIED) => *retried += 1,
            Some(_) => panic!("{method} failed: {response}"),
        }
    }
}

/// Resident memory once the server has been idle for a second, as an editor's server is
/// between bursts of typing (servers may free memory when idle), in KiB.
fn settled_rss_kb(client: &Client) -> Option<u64> {
    std::thread::sleep(Duration::from_secs(1));
    status_kb(client.child.id(), "VmRSS:")
}

/// A memory figure of a live process (`VmRSS:`, `VmHWM:`), in KiB.
fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// One row of the table: a time, a memory size, or the home-manager opens.
enum Figure {
    Time(fn(&Results) -> Option<Duration>),
    Memory(fn(&Results) -> Option<u64>),
    OpenAll,
}

impl Figure {
    fn show(&self, r: &Results) -> Option<String> {
        match self {
            Figure::Time(get) => get(r).map(ms),
            Figure::Memory(get) => get(r).map(mb),
            Figure::OpenAll => r
                .open_all
                .map(|d| format!("{:.2} s ({} files)", d.as_secs_f64(), r.files)),
        }
    }

    /// The figure as a number, for the ratio.
    fn value(&self, r: &Results) -> Option<f64> {
        match self {
            Figure::Time(get) => get(r).map(|d| d.as_secs_f64()),
            Figure::Memory(get) => get(r).map(|k| k as f64),
            Figure::OpenAll => r.open_all.map(|d| d.as_secs_f64()),
        }
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

fn print_table(results: &[(&str, Results)]) {
    use Figure::*;
    let rows: [(&str, Figure); 11] = [
        ("first diagnostics", Time(|r| r.first_diagnostics)),
        ("semantic tokens (full)", Time(|r| r.semantic_tokens)),
        ("hover, format in flight p50", Time(|r| r.hover_p50)),
        ("hover, format in flight p95", Time(|r| r.hover_p95)),
        ("RSS after open", Memory(|r| r.rss_after_open_kb)),
        (
            "RSS, one of each request",
            Memory(|r| r.rss_after_requests_kb),
        ),
        ("RSS after 1,000 edits", Memory(|r| r.rss_after_edits_kb)),
        ("edit → completion p50", Time(|r| r.p50)),
        ("edit → completion p95", Time(|r| r.p95)),
        ("peak RSS", Memory(|r| r.peak_rss_kb)),
        ("open home-manager", OpenAll),
    ];
    let names: Vec<&str> = results.iter().map(|(n, _)| *n).collect();
    print!("{:<24}", "");
    for name in &names {
        print!("{name:>26}");
    }
    if names.len() == 2 {
        print!("{:>12}", "nil/firn");
    }
    println!();
    for (label, figure) in rows {
        print!("{label:<24}");
        for (_, r) in results {
            print!("{:>26}", figure.show(r).unwrap_or_else(|| "-".to_string()));
        }
        if let [(_, firn), (_, nil)] = results
            && let (Some(f), Some(n)) = (figure.value(firn), figure.value(nil))
        {
            print!("{:>11.1}x", n / f.max(f64::MIN_POSITIVE));
        }
        println!();
    }
    for (name, r) in results {
        if r.retried > 0 {
            println!(
                "{name}: {} completion requests cancelled by the server and asked again",
                r.retried
            );
        }
        if !r.quarters.is_empty() {
            let quarters: Vec<String> = r
                .quarters
                .iter()
                .map(|d| format!("{:.2} s", d.as_secs_f64()))
                .collect();
            println!(
                "{name}: home-manager opens by quarter: {}",
                quarters.join(", ")
            );
        }
    }
    if let Some((_, firn)) = results.first() {
        let goal = |ok: bool| if ok { "met" } else { "NOT met" };
        if let Some(p95) = firn.p95 {
            println!(
                "goal edit → completion p95 ≤ 20 ms: {}",
                goal(p95 <= Duration::from_millis(20))
            );
        }
        if let Some(kb) = firn.rss_after_edits_kb {
            println!(
                "goal RSS ≤ 100 MB after 1,000 edits: {} ({})",
                goal(kb <= 100 * 1024),
                mb(kb)
            );
            if let Some(open) = firn.rss_after_open_kb {
                let growth = kb as f64 / open.max(1) as f64;
                println!(
                    "goal RSS after edits ≤ 1.2x after open: {} ({growth:.2}x)",
                    goal(growth <= 1.2)
                );
            }
            if let Some(base) = firn.rss_after_requests_kb {
                let growth = kb as f64 / base.max(1) as f64;
                println!(
                    "RSS after edits / after one of each request: {growth:.2}x (goal 1.2x: {})",
                    goal(growth <= 1.2)
                );
            }
        }
        if let [(_, firn), (_, nil)] = results {
            for (what, f, n) in [
                (
                    "first diagnostics",
                    firn.first_diagnostics,
                    nil.first_diagnostics,
                ),
                ("semantic tokens", firn.semantic_tokens, nil.semantic_tokens),
            ] {
                if let (Some(f), Some(n)) = (f, n) {
                    let ratio = n.as_secs_f64() / f.as_secs_f64().max(f64::MIN_POSITIVE);
                    println!("goal {what} ≥ 2x nil: {} ({ratio:.2}x)", goal(ratio >= 2.0));
                }
            }
        }
        if let Some(all) = firn.open_all {
            println!(
                "goal open home-manager ≤ 5 s: {}",
                goal(all <= Duration::from_secs(5))
            );
        }
    }
}
