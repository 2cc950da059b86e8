//! Edit storms: thousands of random edits on real corpus files (tokens inside strings and
//! comments, CRLF and lone CR, multi-byte and astral characters placed by UTF-16 positions,
//! whole-file replacements), with requests interleaved and never awaited until the end.
//! Every request gets a result, and at the end what the server says about each document
//! equals what a fresh server says about its final text.
//!
//! `FIRN_STORM_EDITS` sets the number of edits (2,000 by default; the issue's long run is
//! 10,000).

use serde_json::{Value, json};
use test_utils::lsp_client::Client;

/// Pieces edits insert: syntax that opens and closes strings, comments and interpolations,
/// line breaks of every kind, and characters of 2, 3 and 4 bytes (1 or 2 UTF-16 units).
const PIECES: &[&str] = &[
    "x",
    " ",
    "\n",
    "\r\n",
    "\r",
    "é",
    "😀",
    "\"",
    "''",
    "${",
    "}",
    "#",
    "/*",
    "*/",
    "let ",
    " in ",
    "{",
    ";",
    "=",
    "a.b",
    "1",
    "ü😀é",
    "\t",
    "rec ",
    "inherit ",
    "/* é */",
    "# 😀\n",
    "(",
    ")",
    "[",
    "]",
    "\\",
    "''${",
    "./p",
    "<nixpkgs>",
    "→",
    "with x; ",
    "?",
    ":",
];

const REQUESTS: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/documentHighlight",
    "textDocument/signatureHelp",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/foldingRange",
    "textDocument/formatting",
    "textDocument/inlayHint",
    "textDocument/codeAction",
    "textDocument/selectionRange",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The LSP position of byte `offset`: lines end at LF, CRLF or a lone CR; columns count
/// UTF-16 units.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let ends_line = *b == b'\n' || (*b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let character = text[line_start..offset].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// A random character boundary of `text` that LSP can name (not between CR and LF).
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

/// Applies one random edit to `text`; the `contentChanges` entry saying the same.
fn random_edit(rng: &mut Rng, text: &mut String, replacements: &[String]) -> Value {
    if rng.below(400) == 0 {
        *text = replacements[rng.below(replacements.len())].clone();
        return json!({ "text": text });
    }
    let start = boundary(rng, text);
    let mut end = start;
    for _ in 0..rng.below(12) {
        match text[end..].chars().next() {
            Some(c) => end += c.len_utf8(),
            None => break,
        }
    }
    // Never end between CR and LF either.
    if end > start && text.as_bytes()[end - 1] == b'\r' && text.as_bytes().get(end) == Some(&b'\n')
    {
        end += 1;
    }
    let inserted: String = (0..rng.below(4))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect();
    let change = json!({
        "range": { "start": position(text, start), "end": position(text, end) },
        "text": inserted,
    });
    text.replace_range(start..end, &inserted);
    change
}

fn request_params(method: &str, uri: &str, at: Value) -> Value {
    let doc = json!({ "uri": uri });
    match method {
        "textDocument/documentSymbol"
        | "textDocument/semanticTokens/full"
        | "textDocument/foldingRange" => json!({ "textDocument": doc }),
        "textDocument/formatting" => {
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } })
        }
        "textDocument/inlayHint" | "textDocument/codeAction" => json!({
            "textDocument": doc,
            "range": { "start": { "line": 0, "character": 0 }, "end": at },
            "context": { "diagnostics": [] },
        }),
        "textDocument/selectionRange" => json!({ "textDocument": doc, "positions": [at] }),
        _ => json!({ "textDocument": doc, "position": at }),
    }
}

/// What the server says about a document, to compare with a fresh server's view.
fn views(client: &mut Client, uri: &str, version: i64) -> Vec<Value> {
    let doc = json!({ "textDocument": { "uri": uri } });
    let diagnostics = client.diagnostics(uri, version);
    let symbols = client.request("textDocument/documentSymbol", doc.clone());
    let tokens = client.request("textDocument/semanticTokens/full", doc.clone());
    let folding = client.request("textDocument/foldingRange", doc);
    vec![
        json!(diagnostics),
        symbols["result"].clone(),
        tokens["result"]["data"].clone(),
        folding["result"].clone(),
    ]
}

#[test]
fn an_edit_storm_leaves_the_server_agreeing_with_a_fresh_one() {
    let Some(corpus) = test_utils::reference_dir("FIRN_CORPUS", "lsp_edit_storm") else {
        return;
    };
    let edits: usize = std::env::var("FIRN_STORM_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    // Real files of a few kilobytes, from both corpora, chosen by a fixed seed.
    let mut files: Vec<_> = test_utils::nix_files(&corpus)
        .into_iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| (2_000..40_000).contains(&m.len())))
        .collect();
    let mut rng = Rng(0x005e_ed0f_f12e);
    let mut texts = Vec::new();
    for _ in 0..3 {
        let path = files.swap_remove(rng.below(files.len()));
        texts.push(std::fs::read_to_string(path).unwrap());
    }
    let replacements = texts.clone();
    let uris: Vec<String> = (0..texts.len())
        .map(|i| format!("file:///storm/file{i}.nix"))
        .collect();

    let mut client = Client::start();
    client.initialize();
    for (uri, text) in uris.iter().zip(&texts) {
        client.open(uri, text);
    }
    let mut versions = vec![1i64; texts.len()];
    let mut pending = Vec::new();
    for n in 0..edits {
        let which = rng.below(texts.len());
        let change = random_edit(&mut rng, &mut texts[which], &replacements);
        versions[which] += 1;
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uris[which], "version": versions[which] },
                    "contentChanges": [change] }),
        );
        if n % 20 == 0 {
            let method = REQUESTS[rng.below(REQUESTS.len())];
            let text = &texts[which];
            let at = position(text, boundary(&mut rng, text));
            let id = client.send_request(method, request_params(method, &uris[which], at));
            pending.push((id, method));
        }
    }
    for (id, method) in pending {
        let answer = client.response(json!(id));
        assert!(
            answer.get("result").is_some(),
            "{method} after the storm: {answer}"
        );
    }

    let mut fresh = Client::start();
    fresh.initialize();
    for (i, uri) in uris.iter().enumerate() {
        fresh.open(uri, &texts[i]);
        let stormed = views(&mut client, uri, versions[i]);
        let expected = views(&mut fresh, uri, 1);
        for (what, (got, want)) in ["diagnostics", "symbols", "semantic tokens", "folding"]
            .iter()
            .zip(stormed.iter().zip(&expected))
        {
            assert_eq!(got, want, "{what} of {uri} differ from a fresh server's");
        }
    }
}
