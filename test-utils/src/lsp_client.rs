//! A minimal LSP client for the tests: spawns `firn lsp`, frames JSON-RPC messages, keeps
//! notifications aside while waiting for responses, and answers the server's requests.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for responses.
    pub notifications: Vec<Value>,
    /// The answer to the server's `workspace/configuration` requests (one item: `firn`).
    pub configuration: Value,
    /// Requests the server sent (each answered on arrival).
    pub server_requests: Vec<Value>,
    /// How long to wait for any one message.
    pub timeout: Duration,
}

impl Client {
    pub fn start() -> Client {
        let mut firn = Command::new(crate::firn_binary());
        firn.args(["lsp", "--stdio"]);
        Client::spawn(firn)
    }

    /// Any language server speaking over stdio (the benchmark runs nil too).
    pub fn spawn(mut command: Command) -> Client {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the language server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return; // The server exited mid-message (killed at the end of a test).
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages: rx,
            next_id: 1,
            notifications: Vec::new(),
            configuration: Value::Null,
            server_requests: Vec::new(),
            timeout: Duration::from_secs(20),
        }
    }

    pub fn send_raw(&mut self, body: &str) {
        self.send_bytes(body.as_bytes());
    }

    /// A framed body of any bytes (not necessarily UTF-8 or JSON).
    pub fn send_bytes(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Bytes as they are, framing included (for broken headers).
    pub fn send_unframed(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let body = json!({ "jsonrpc": "2.0", "method": method, "params": params }).to_string();
        self.send_raw(&body);
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let body = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(&body.to_string());
        id
    }

    /// The next response or notification; requests from the server are answered on the
    /// way, so it never waits on the test.
    fn next_message(&mut self) -> Value {
        self.try_next_message()
            .unwrap_or_else(|| panic!("no message from the server within {:?}", self.timeout))
    }

    /// The next response or notification, or `None` after `self.timeout` without one.
    fn try_next_message(&mut self) -> Option<Value> {
        loop {
            let message = self.messages.recv_timeout(self.timeout).ok()?;
            if message.get("method").is_none() || message.get("id").is_none() {
                return Some(message);
            }
            let result = match message["method"].as_str() {
                Some("workspace/configuration") => json!([self.configuration]),
                _ => Value::Null,
            };
            let reply = json!({ "jsonrpc": "2.0", "id": message["id"], "result": result });
            self.send_raw(&reply.to_string());
            self.server_requests.push(message);
        }
    }

    /// Waits for the response to `id`, keeping notifications (and other responses, which
    /// may arrive in any order) for later.
    pub fn response(&mut self, id: Value) -> Value {
        let is_it = |m: &Value| m.get("id") == Some(&id) && m.get("method").is_none();
        if let Some(i) = self.notifications.iter().position(is_it) {
            return self.notifications.remove(i);
        }
        loop {
            let message = self.next_message();
            if is_it(&message) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(json!(id))
    }

    /// Waits for diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let n = self.notification(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == uri
                && n["params"]["version"] == version
        });
        n["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Waits for (and takes) the first notification that `matches`.
    pub fn notification(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        self.try_notification(matches)
            .unwrap_or_else(|| panic!("no matching notification within {:?}", self.timeout))
    }

    /// Like [`Client::notification`], but `None` when the server falls silent for
    /// `self.timeout` first (the benchmark reports that rather than dying).
    pub fn try_notification(&mut self, matches: impl Fn(&Value) -> bool) -> Option<Value> {
        loop {
            if let Some(i) = self.notifications.iter().position(&matches) {
                return Some(self.notifications.remove(i));
            }
            let message = self.try_next_message()?;
            self.notifications.push(message);
        }
    }

    pub fn initialize(&mut self) -> Value {
        self.initialize_with(json!({}))
    }

    pub fn initialize_with(&mut self, capabilities: Value) -> Value {
        self.initialize_in(Value::Null, capabilities)
    }

    /// Initializes with a workspace folder (`rootUri`).
    pub fn initialize_in(&mut self, root_uri: Value, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": root_uri, "capabilities": capabilities }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "nix", "version": 1, "text": text } }),
        );
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub const URI: &str = "file:///tmp/firn-e2e/main.nix";

pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The labels of a completion response (a list, or a `CompletionList`); none when the
/// result is null.
pub fn labels(response: &Value) -> Vec<String> {
    let items = match &response["result"] {
        Value::Object(list) => list.get("items").cloned().unwrap_or_default(),
        other => other.clone(),
    };
    items
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["label"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}
