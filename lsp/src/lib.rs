//! The language server over stdio (`firn lsp`), in rust-analyzer's shape: a reader and a
//! writer thread (`transport.rs`), one main loop that owns all state (`main_loop.rs`),
//! and requests answered on snapshots in a thread pool (`dispatch.rs`, `world.rs`). See
//! ARCHITECTURE.md for the threading invariants.

mod capabilities;
mod client;
mod code_actions;
mod code_lenses;
mod commands;
mod completion;
mod config;
mod diagnostics;
mod dispatch;
mod document;
mod document_links;
mod file_ropes;
mod fix_all;
mod formatting;
mod handlers;
mod inlay_hints;
mod main_loop;
mod message_check;
mod references;
mod selection_ranges;
mod semantic_tokens;
mod signature_help;
mod thread_pool;
mod transport;
mod workspace;
mod workspace_symbols;
mod world;

use std::path::PathBuf;

/// Serves on stdin and stdout until the client exits; `stack_size` is that of the main
/// loop and the workers (room for what the passes' own stack growth cannot reach).
/// `release_memory` returns the calling thread's free memory to the system (the
/// allocator is the binary's business); the server calls it on every thread when idle.
pub fn run(stack_size: usize, release_memory: fn()) -> std::process::ExitCode {
    let (incoming, client) = transport::start(std::io::stdin(), std::io::stdout());
    let main_loop = std::thread::Builder::new()
        .name("firn-main-loop".to_string())
        .stack_size(stack_size)
        .spawn({
            let client = client.clone();
            move || main_loop::run(incoming, client, stack_size, release_memory)
        })
        .expect("the main loop thread");
    let code = main_loop.join().unwrap_or(std::process::ExitCode::FAILURE);
    // Every answer queued (the one to `shutdown`, say) is written before the process ends.
    client.flush();
    code
}

fn to_lsp_edits(rope: &ropey::Rope, edits: &[analysis::TextEdit]) -> Vec<ls_types::TextEdit> {
    edits
        .iter()
        .map(|e| ls_types::TextEdit::new(document::range(rope, e.range), e.new_text.clone()))
        .collect()
}

fn path_of(uri: &ls_types::Uri) -> PathBuf {
    uri.to_file_path()
        .map(|p| p.into_owned())
        .unwrap_or_else(|| PathBuf::from(uri.as_str()))
}
