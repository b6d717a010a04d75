//! Live co-editing: the patches people exchange while editing one design
//! together, and the client's replica that keeps its own unconfirmed edits
//! on top of what the server has ordered.
//!
//! A [`Patch`] is a list of [`Op`]s keyed by stable IDs, fine-grained
//! enough that edits to different resources, and to different properties of
//! one resource, never overwrite each other: a changed resource becomes one
//! `SetField` per changed top-level property, a moved box one
//! `SetPosition`. [`patch_between`] computes the patch from one design to
//! another, and [`Patch::apply`] applies it all or nothing, refusing an edit
//! of a resource that is gone, an ID that is taken, or a reference left
//! pointing at nothing. The server applies patches in the order it accepts
//! them (the last accepted write of a property wins), and every client
//! applies the same patches in the same order, so all converge.
//!
//! [`Replica`] is the client side: the confirmed design at the server's
//! sequence number plus the local edits sent but not yet accepted, rebased
//! on every remote edit. [`protocol`] holds the messages of the room.

mod diff;
mod patch;
pub mod protocol;
mod replica;

pub use diff::patch_between;
pub use patch::{DesignField, Op, Patch, PatchError};
pub use replica::{Replica, Update};
