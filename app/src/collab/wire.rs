//! The room's messages, in a wasm module of their own (see `crate::lazy`):
//! what reads, handles and writes them (every message's serde code, patch
//! operation and comment thread, and `session.rs`) is needed only once a
//! room is joined, so the room fetches the module before it opens its
//! first socket, and from then on handles each message synchronously.

use vpcraft_core::collab::protocol::ClientMsg;
use wasm_split_helpers::SplitLoaderError;

/// Fetches the module and readies its functions (each keeps its own
/// record of the module being loaded; see `crate::checks::load`).
pub async fn load() -> Result<(), SplitLoaderError> {
    super::session::preload_handle().await?;
    preload_write().await
}

/// Handles a message from the room (`session.rs`). The module is loaded:
/// the room loads it before opening a socket.
pub fn handle_now(room: super::Room, editor: crate::state::Editor, serial: u64, text: &str) {
    crate::lazy::now(super::session::handle(room, editor, serial, text));
}

/// A message to the room as text; `None` when the module is not loaded.
pub fn write_now(msg: &ClientMsg) -> Option<serde_json::Result<String>> {
    crate::lazy::now(write(msg))
}

#[wasm_split_helpers::wasm_split(collab, fallible, preload(preload_write))]
fn write(msg: &ClientMsg) -> Result<serde_json::Result<String>, SplitLoaderError> {
    Ok(crate::json::to_string(msg))
}
