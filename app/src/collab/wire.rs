//! The room's messages as JSON text, in a wasm module of their own (see
//! `crate::lazy`): their serde code (every message, patch operation and
//! comment thread) is needed only once a room is joined, so the room
//! fetches the module before it opens its first socket, and from then on
//! reads and writes each message synchronously.

use vpcraft_core::collab::protocol::{ClientMsg, ServerMsg};
use wasm_split_helpers::SplitLoaderError;

/// Fetches the module and readies both functions (each keeps its own
/// record of the module being loaded; see `crate::checks::load`).
pub async fn load() -> Result<(), SplitLoaderError> {
    preload_read().await?;
    preload_write().await
}

/// A message from the room, or why it cannot be read; `None` when the
/// module is not loaded (the room loads it before opening a socket).
pub fn read_now(text: &str) -> Option<serde_json::Result<ServerMsg>> {
    crate::lazy::now(read(text))
}

/// A message to the room as text; `None` when the module is not loaded.
pub fn write_now(msg: &ClientMsg) -> Option<serde_json::Result<String>> {
    crate::lazy::now(write(msg))
}

#[wasm_split_helpers::wasm_split(collab, fallible, preload(preload_read))]
fn read(text: &str) -> Result<serde_json::Result<ServerMsg>, SplitLoaderError> {
    Ok(crate::json::from_str::<ServerMsg>(text))
}

#[wasm_split_helpers::wasm_split(collab, fallible, preload(preload_write))]
fn write(msg: &ClientMsg) -> Result<serde_json::Result<String>, SplitLoaderError> {
    Ok(crate::json::to_string(msg))
}
