//! The transport: a reader thread and a writer thread over stdio.
//!
//! The reader frames the client's messages itself (`Content-Length` headers), so that one
//! malformed message never ends the input: a body that is not a JSON-RPC message
//! (`message_check.rs`) is answered with the error the spec names (-32700 or -32600) and
//! reading goes on; a broken header block is skipped up to the next header. Well-formed
//! messages go to the main loop. The writer is the only thread that touches stdout.

use super::client::{Client, ToWriter};
use super::message_check;
use crossbeam_channel::{Receiver, Sender};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};

/// Messages larger than this are refused rather than buffered.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Starts both threads: the client's messages arrive on the receiver (which disconnects at
/// the end of input); what is sent on the sender is framed and written.
pub(crate) fn start(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Receiver<lsp_server::Message>, Client) {
    let (out_tx, out_rx) = crossbeam_channel::unbounded::<ToWriter>();
    let (in_tx, in_rx) = crossbeam_channel::bounded(0);
    std::thread::Builder::new()
        .name("firn-writer".to_string())
        .spawn(move || write_all(output, out_rx))
        .expect("the writer thread");
    let client = Client::new(out_tx);
    let answers = client.clone();
    std::thread::Builder::new()
        .name("firn-reader".to_string())
        .spawn(move || read_all(input, in_tx, answers))
        .expect("the reader thread");
    (in_rx, client)
}

fn read_all(input: impl Read, to_loop: Sender<lsp_server::Message>, client: Client) {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    while let Some(body) = read_message(&mut reader) {
        let Ok(body) = body else {
            client.send_json(&message_check::error(
                Value::Null,
                -32700,
                "parse error: no valid Content-Length header",
            ));
            continue;
        };
        let checked = match message_check::check(&body) {
            Ok(checked) => checked,
            Err(answer) => {
                client.send_json(&answer);
                continue;
            }
        };
        match serde_json::from_slice::<lsp_server::Message>(&body) {
            Ok(message) => {
                if to_loop.send(message).is_err() {
                    return; // The main loop has ended (after `exit`).
                }
            }
            // JSON-RPC, but not what lsp-server represents: an id beyond 32 bits, or a
            // response to nobody (`id: null`), which needs no answer.
            Err(_) => {
                if let Some(id) = checked.request_id {
                    client.send_json(&message_check::error(
                        id,
                        -32600,
                        "invalid request: an id is a string or a 32-bit integer",
                    ));
                }
            }
        }
    }
}

fn write_all(output: impl Write, bodies: Receiver<ToWriter>) {
    let mut output = std::io::BufWriter::with_capacity(1 << 16, output);
    for message in bodies.iter() {
        let body = match message {
            ToWriter::Body(body) => body,
            ToWriter::Flushed(done) => {
                let _ = output.flush();
                let _ = done.send(());
                continue;
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = output
            .write_all(header.as_bytes())
            .and_then(|()| output.write_all(&body));
        // Flush once the queue is empty: a burst of messages costs one write.
        let flushed = written.and_then(|()| {
            if bodies.is_empty() {
                output.flush()
            } else {
                Ok(())
            }
        });
        if flushed.is_err() {
            return; // The client closed its end.
        }
    }
}

/// Reads one message: `None` at end of input, `Err(())` for a bad header block (the reader
/// then stands at the next line, so it resynchronises on the next header).
fn read_message(reader: &mut impl BufRead) -> Option<Result<Vec<u8>, ()>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(_) => return Some(Err(())),
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // Found anywhere in the line, not only at its start: after a body shorter than its
        // Content-Length said, the next header follows the leftover bytes on one line, and
        // this is how the reader finds its footing again.
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.rfind("content-length:") {
            length = text[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length.filter(|&l| l <= MAX_BODY) else {
        return Some(Err(()));
    };
    let mut body = vec![0; length];
    match reader.read_exact(&mut body) {
        Ok(()) => Some(Ok(body)),
        Err(_) => None,
    }
}
