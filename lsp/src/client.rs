//! What the server sends the client: every message goes through one channel to the writer
//! thread (`transport.rs`), so the main loop and the workers never interleave bytes. Bodies
//! are serialised by the sender, off the main loop for a worker's large answers.

use crossbeam_channel::Sender;
use ls_types::notification::Notification;
use ls_types::{LogMessageParams, MessageType};
use serde::Serialize;

/// What the writer thread gets: a message body, or a request to say when everything
/// before it is written.
pub(crate) enum ToWriter {
    Body(Vec<u8>),
    Flushed(Sender<()>),
}

#[derive(Clone)]
pub(crate) struct Client {
    out: Sender<ToWriter>,
}

impl Client {
    pub fn new(out: Sender<ToWriter>) -> Client {
        Client { out }
    }

    /// Waits until every message sent before is written (before the process exits).
    pub fn flush(&self) {
        let (done, written) = crossbeam_channel::bounded(1);
        if self.out.send(ToWriter::Flushed(done)).is_ok() {
            let _ = written.recv_timeout(std::time::Duration::from_secs(5));
        }
    }

    /// Sends one JSON-RPC message (a response, notification or request).
    pub fn send(&self, message: &lsp_server::Message) {
        self.send_body(Client::encode(message));
    }

    /// A message's body, serialised where it was made (a worker's large answer is then
    /// not serialised on the main loop).
    pub fn encode(message: &lsp_server::Message) -> Vec<u8> {
        serde_json::to_vec(&JsonRpc {
            jsonrpc: "2.0",
            message,
        })
        .unwrap_or_else(|e| {
            eprintln!("firn: could not serialise a message: {e}");
            Vec::new()
        })
    }

    /// Sends a body [`Client::encode`] made.
    pub fn send_body(&self, body: Vec<u8>) {
        if !body.is_empty() {
            let _ = self.out.send(ToWriter::Body(body));
        }
    }

    /// Sends a body built elsewhere (the transport's answers to malformed messages).
    pub fn send_json(&self, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            // The writer is gone only when the client closed stdout: nothing to tell.
            Ok(body) => drop(self.out.send(ToWriter::Body(body))),
            Err(e) => eprintln!("firn: could not serialise a message: {e}"),
        }
    }

    pub fn notify<N: Notification>(&self, params: N::Params) {
        self.send(&lsp_server::Message::from(lsp_server::Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    pub fn log(&self, typ: MessageType, message: String) {
        self.notify::<ls_types::notification::LogMessage>(LogMessageParams { typ, message });
    }

    pub fn show(&self, typ: MessageType, message: String) {
        self.notify::<ls_types::notification::ShowMessage>(ls_types::ShowMessageParams {
            typ,
            message,
        });
    }

    pub fn respond(&self, response: lsp_server::Response) {
        self.send(&lsp_server::Message::from(response));
    }
}

/// lsp-server's messages leave out the `jsonrpc` member; its own writer adds it like this.
#[derive(Serialize)]
struct JsonRpc<'a> {
    jsonrpc: &'static str,
    #[serde(flatten)]
    message: &'a lsp_server::Message,
}
