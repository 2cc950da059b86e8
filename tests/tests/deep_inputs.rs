//! No input aborts firn: left-associative chains of every binary operator, application chains
//! and long attribute paths (in selections and in bindings), at 3,000, 50,000 and 200,000
//! terms, through `firn parse`, `check`, `eval`, `fmt --check` and a language-server open
//! followed by the requests that walk the whole tree. Each must end with a result or a clear
//! error: exit 0 or 1, no panic, no signal, and output proportional to the errors reported
//! (a diagnostic shows a window of a long line, not the whole line).
//!
//! `scripts/test` runs these against the release binary (`FIRN_BIN`): a debug build takes
//! many minutes over the 200,000-term inputs.

use serde_json::json;
use std::path::Path;
use std::process::Command;
use test_utils::lsp_client::Client;

const SIZES: &[usize] = &[3_000, 50_000, 200_000];

/// (name, text of `n` terms): each shape is a head, a piece repeated `n` times, and a tail.
fn shapes(n: usize) -> Vec<(String, String)> {
    [
        ("plus", "1", " + 1", ""),
        ("minus", "1", " - 1", ""),
        ("times", "1", " * 1", ""),
        ("concat", "[ ]", " ++ [ ]", ""),
        ("update", "{ }", " // { }", ""),
        ("and", "true", " && true", ""),
        ("or", "true", " || true", ""),
        ("implies", "true", " -> true", ""),
        // Not associative in Nix: one error per operator.
        ("less", "1", " < 1", ""),
        ("equal", "1", " == 1", ""),
        ("pipe", "1", " |> 1", ""),
        ("apply", "let f = x: f; in f", " 1", ""),
        ("select", "let a = { }; in a", ".b", " or 1"),
        ("binding", "{ a", ".b", " = 1; }"),
        ("has_attr", "{ } ? a", ".b", ""),
    ]
    .into_iter()
    .map(|(name, head, piece, tail)| {
        (
            format!("{name}_{n}"),
            format!("{head}{}{tail}\n", piece.repeat(n)),
        )
    })
    .collect()
}

fn check_run(what: &str, file: &Path, args: &[&str], failures: &mut Vec<String>) {
    let out = Command::new(test_utils::firn_binary())
        .args(args)
        .arg(file)
        .env("NIX_REMOTE", "dummy://")
        .output()
        .expect("firn runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let status = out.status.code();
    // A diagnostic (one `┌─ path:line:col` each) is a few lines around a window of at most
    // 160 bytes of the line.
    let reports = stderr.matches("┌─").count().max(1);
    let bounded = out.stderr.len() + out.stdout.len() <= reports * 2048 + 64 * 1024;
    if !matches!(status, Some(0 | 1)) || stderr.contains("panicked") || !bounded {
        failures.push(format!(
            "{what}: firn {} → {status:?}, {} bytes of output: {}",
            args.join(" "),
            out.stderr.len() + out.stdout.len(),
            stderr.chars().take(300).collect::<String>()
        ));
    }
}

#[test]
fn deep_chains_end_cleanly_in_every_command() {
    let dir = tempfile::tempdir().expect("scratch directory");
    let mut failures = Vec::new();
    let mut runs = 0;
    for &n in SIZES {
        for (name, text) in shapes(n) {
            let file = dir.path().join(format!("{name}.nix"));
            std::fs::write(&file, &text).expect("write the case");
            for args in [&["parse"][..], &["check"], &["eval"], &["fmt", "--check"]] {
                check_run(&name, &file, args, &mut failures);
                runs += 1;
            }
        }
    }
    println!("{runs} runs on deep inputs, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_server_survives_opening_deep_files() {
    let mut client = Client::start();
    client.timeout = std::time::Duration::from_secs(600);
    client.initialize();
    let mut version = 0;
    for &n in SIZES {
        for (name, text) in shapes(n) {
            version += 1;
            let uri = format!("file:///deep/{name}.nix");
            client.notify(
                "textDocument/didOpen",
                json!({ "textDocument": {
                    "uri": uri, "languageId": "nix", "version": version, "text": text
                } }),
            );
            client.diagnostics(&uri, version);
            let doc = json!({ "textDocument": { "uri": uri } });
            for method in [
                "textDocument/semanticTokens/full",
                "textDocument/foldingRange",
                "textDocument/documentSymbol",
                "textDocument/formatting",
            ] {
                let mut params = doc.clone();
                if method == "textDocument/formatting" {
                    params["options"] = json!({ "tabSize": 2, "insertSpaces": true });
                }
                let answer = client.request(method, params);
                assert!(
                    answer.get("result").is_some() || answer.get("error").is_some(),
                    "{name}: {method} got {answer}"
                );
            }
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
        }
    }
    // Still answering.
    let answer = client.request("shutdown", json!(null));
    assert!(answer.get("result").is_some(), "{answer}");
}
