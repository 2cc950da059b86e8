//! A guard in front of tower-lsp-server's stdio transport.
//!
//! tower-lsp-server ends its input stream at the first body that is not JSON (its framed
//! reader stops after a decode error), so one malformed message would kill the server. This
//! layer reads the client's messages itself: well-formed ones go on to the server, and a
//! malformed one (`message_check.rs`) is answered with the JSON-RPC error the spec names
//! (-32700 or -32600) without reaching it. All output goes through one writer, so injected answers never interleave
//! with the server's own messages.

use super::message_check;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Messages larger than this are refused rather than buffered.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Serves `serve` (given the server's input and output streams) behind the guard.
pub async fn guarded<F, Fut>(
    stdin: impl AsyncRead + Unpin + Send + 'static,
    stdout: impl AsyncWrite + Unpin + Send + 'static,
    serve: F,
) where
    F: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (server_in, mut to_server) = tokio::io::duplex(1 << 16);
    let (mut from_server, server_out) = tokio::io::duplex(1 << 16);
    let (out_tx, out_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    tokio::spawn(write_all(stdout, out_rx));
    let forward_tx = out_tx.clone();
    tokio::spawn(async move {
        let mut reader = BufReader::new(&mut from_server);
        while let Some(body) = read_message(&mut reader).await {
            match body {
                Ok(body) => {
                    if forward_tx.send(frame(&body)).is_err() {
                        return;
                    }
                }
                Err(_) => return,
            }
        }
    });
    tokio::spawn(async move {
        let mut reader = BufReader::new(stdin);
        let mut shut_down = false;
        while let Some(message) = read_message(&mut reader).await {
            let checked = match message {
                Ok(body) => message_check::check(&body).map(|checked| (body, checked)),
                Err(()) => Err(message_check::error(
                    serde_json::Value::Null,
                    -32700,
                    "parse error: no valid Content-Length header",
                )),
            };
            let answer = match checked {
                Ok((body, checked)) => match (shut_down, checked.method.as_deref()) {
                    // After `shutdown` only `exit` matters; requests get InvalidRequest.
                    (true, Some("exit")) | (false, _) => {
                        shut_down |= checked.method.as_deref() == Some("shutdown")
                            && checked.request_id.is_some();
                        if to_server.write_all(&frame(&body)).await.is_err() {
                            return;
                        }
                        continue;
                    }
                    (true, _) => match checked.request_id {
                        Some(id) => message_check::after_shutdown(id),
                        None => continue,
                    },
                },
                Err(answer) => answer,
            };
            let _ = out_tx.send(frame(answer.to_string().as_bytes()));
        }
        // The client closed its end: let the server see end of input.
        let _ = to_server.shutdown().await;
    });
    serve(server_in, server_out).await;
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

async fn write_all(mut stdout: impl AsyncWrite + Unpin, mut rx: mpsc::UnboundedReceiver<Vec<u8>>) {
    while let Some(bytes) = rx.recv().await {
        if stdout.write_all(&bytes).await.is_err() || stdout.flush().await.is_err() {
            return;
        }
    }
}

/// Reads one message: `None` at end of input, `Err(())` for a bad header block (the
/// reader then stands at the next line, so it resynchronises on the next header).
async fn read_message(
    reader: &mut (impl tokio::io::AsyncBufRead + Unpin),
) -> Option<Result<Vec<u8>, ()>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) => return None,
            Ok(_) => {}
            Err(_) => return Some(Err(())),
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // Found anywhere in the line, not only at its start: after a body shorter than its
        // Content-Length said, the next header follows the leftover bytes on one line, and
        // this is how the reader finds its footing again.
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.rfind("content-length:") {
            length = line[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length.filter(|&l| l <= MAX_BODY) else {
        return Some(Err(()));
    };
    let mut body = vec![0; length];
    match reader.read_exact(&mut body).await {
        Ok(_) => Some(Ok(body)),
        Err(_) => None,
    }
}
