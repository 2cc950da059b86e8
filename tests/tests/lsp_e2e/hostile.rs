//! Hostile JSON-RPC: bodies that are not JSON-RPC messages, broken framing, requests out of
//! order, positions and documents that do not exist, a 100 MB message and a storm of
//! cancellations. Each gets the answer the specifications name (JSON-RPC 2.0, LSP 3.17),
//! and after each the server still answers a real request.

use serde_json::{Value, json};
use test_utils::lsp_client::{Client, pos};

const URI: &str = "file:///hostile/default.nix";

/// The server answers a request: it is alive and its input is in step.
fn assert_alive(client: &mut Client) {
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(symbols["result"].is_array(), "{symbols}");
}

fn started() -> Client {
    let mut client = Client::start();
    client.initialize();
    client.open(URI, "{ a = 1; }\n");
    client
}

#[test]
fn bodies_that_are_not_json_rpc_messages_get_the_error_the_spec_names() {
    let mut client = started();
    let cases: &[(&[u8], i64)] = &[
        (b"{ this is not json", -32700),
        (b"\"\xff\"", -32700),
        (b"{}", -32600),
        (b"[]", -32600),
        (b"42", -32600),
        (
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover"}"#,
            -32600,
        ),
        (
            br#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":""}}"#,
            -32600,
        ),
    ];
    for (body, code) in cases {
        client.send_bytes(body);
        let answer = client.response(Value::Null);
        assert_eq!(
            answer["error"]["code"],
            *code,
            "{} → {answer}",
            String::from_utf8_lossy(body)
        );
        assert_alive(&mut client);
    }
    // An invalid request with a usable id is answered under that id.
    for body in [
        r#"{"jsonrpc":"2.0","id":"x7","method":"textDocument/hover","params":5}"#,
        r#"{"jsonrpc":"1.0","id":"x7","method":"textDocument/hover"}"#,
    ] {
        client.send_raw(body);
        assert_eq!(
            client.response(json!("x7"))["error"]["code"],
            -32600,
            "{body}"
        );
        assert_alive(&mut client);
    }
}

#[test]
fn broken_framing_is_answered_and_the_reader_finds_the_next_message() {
    let mut client = started();
    // No Content-Length.
    client.send_unframed(b"Content-Type: application/json\r\n\r\n");
    assert_eq!(client.response(Value::Null)["error"]["code"], -32700);
    assert_alive(&mut client);
    // A Content-Length that is not a number.
    client.send_unframed(b"Content-Length: many\r\n\r\n");
    assert_eq!(client.response(Value::Null)["error"]["code"], -32700);
    assert_alive(&mut client);
    // A Content-Length shorter than the body: the rest runs into the next header.
    let body = r#"{"jsonrpc":"2.0","method":"$/noop"}"#;
    client.send_unframed(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    assert_eq!(client.response(Value::Null)["error"]["code"], -32700);
    assert_alive(&mut client);
    // A Content-Length longer than the body swallows the start of the next message; the
    // one after it is read.
    client.send_unframed(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).as_bytes());
    client.send_raw(r#"{"jsonrpc":"2.0","method":"$/noop"}"#);
    assert_eq!(client.response(Value::Null)["error"]["code"], -32700);
    assert_alive(&mut client);
}

#[test]
fn requests_before_initialize_and_after_shutdown() {
    let mut client = Client::start();
    let early = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    // LSP: "the server should respond with an error with code -32002".
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.initialize();
    client.open(URI, "{ a = 1; }\n");
    assert_alive(&mut client);
    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    let late = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    // LSP: after shutdown, requests error with InvalidRequest.
    assert_eq!(late["error"]["code"], -32600, "{late}");
}

#[test]
fn positions_documents_and_uris_that_do_not_exist() {
    let mut client = started();
    for position in [pos(1000, 0), pos(0, 1000), pos(u32::MAX, u32::MAX)] {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/references",
            "textDocument/prepareRename",
            "textDocument/signatureHelp",
        ] {
            let answer = client.request(
                method,
                json!({ "textDocument": { "uri": URI }, "position": position,
                        "context": { "includeDeclaration": true } }),
            );
            assert!(
                answer.get("result").is_some() || answer.get("error").is_some(),
                "{method} at {position}: {answer}"
            );
        }
    }
    // A document the client never opened, and URIs that are not files.
    for uri in [
        "file:///never/opened.nix",
        "untitled:Untitled-1",
        "vscode-notebook-cell:/x.nix#W0",
        "not a uri",
    ] {
        let answer = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(0, 0) }),
        );
        assert!(
            answer.get("result").is_some() || answer.get("error").is_some(),
            "{uri}: {answer}"
        );
    }
    // An unsaved buffer is a document like any other.
    client.open("untitled:Untitled-1", "let x = 1; in y\n");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "untitled:Untitled-1" } }),
    );
    assert!(symbols["result"].is_array(), "{symbols}");
    assert_alive(&mut client);
}

#[test]
fn a_100_mb_message_is_read_and_answered() {
    let mut client = started();
    let text = "x".repeat(100 << 20);
    let id = client.send_request("firn/noSuchMethod", json!({ "payload": text }));
    drop(text);
    assert_eq!(client.response(json!(id))["error"]["code"], -32601);
    assert_alive(&mut client);
}

#[test]
fn a_storm_of_cancellations_leaves_every_request_answered() {
    let mut client = started();
    let mut ids = Vec::new();
    for round in 0..200 {
        let id = client.send_request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        );
        ids.push(id);
        // Cancel this one, ones long answered, and ones that never existed.
        for cancelled in [id, id - 3, 1_000_000 + round, -1] {
            client.notify("$/cancelRequest", json!({ "id": cancelled }));
        }
        client.notify("$/cancelRequest", json!({ "id": format!("s{round}") }));
    }
    for id in ids {
        let answer = client.response(json!(id));
        assert!(
            answer.get("result").is_some() || answer["error"]["code"] == -32800,
            "{answer}"
        );
    }
    assert_alive(&mut client);
}
