//! `firn lsp` end to end over JSON-RPC: initialize, open, bursts of edits, the requests the
//! server supports, malformed input, cancellation, shutdown and exit.

mod basics;
mod completion;
mod evaluation;
mod flake_editing;
mod formatting;
mod home_manager;
mod hostile;
mod module_discovery;
mod navigation;
mod refactors;
mod semantic_tokens;
mod storm;
mod workspace;
