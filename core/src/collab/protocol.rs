//! The messages of a design's room, as JSON text frames over a WebSocket.
//!
//! A client connects to `/api/designs/{id}/room?session=S&since=N`: `S`
//! names the browser tab (edits carry it, so a tab that reconnects knows
//! which of its edits were accepted), `N` is the last sequence number it
//! saw. The server answers [`ServerMsg::Welcome`] with the design when the
//! client has none or was away too long, then the accepted edits after `N`,
//! then live traffic.

use super::patch::Patch;
use crate::comments::Thread;
use crate::model::{Design, ResourceId};
use crate::reviews::{ReviewRequest, ReviewState};
use serde::{Deserialize, Serialize};

/// What a client sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    /// A local edit; `client_seq` counts this tab's edits from 1.
    Edit { client_seq: u64, patch: Patch },
    /// Where this person's pointer is on the canvas and what they selected.
    Presence {
        #[serde(default)]
        cursor: Option<Point>,
        #[serde(default)]
        selection: Vec<ResourceId>,
    },
    /// Save the design as it stands as a new revision now, with this
    /// message (editors and owners; at most 500 characters, blank for
    /// none), even when nothing changed since the last revision. The
    /// room answers everyone with [`ServerMsg::Saved`], or this client
    /// alone with [`ServerMsg::SaveFailed`].
    Save {
        #[serde(default)]
        message: String,
    },
}

/// What the server sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The first message after connecting.
    Welcome {
        /// This connection's peer ID.
        you: String,
        /// The room's sequence number the design (or the catch-up that
        /// follows) brings the client to.
        seq: u64,
        /// The design at `seq`, unless the client asked to catch up from a
        /// sequence the server still has the edits after.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::schema::nested_option"
        )]
        design: Option<Box<Design>>,
        /// Whether this person may send edits (editors and owners).
        can_edit: bool,
        /// Everyone else in the room.
        peers: Vec<Peer>,
        /// Something to tell the person, such as that the design was
        /// reloaded because they were away too long.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice: Option<String>,
    },
    /// An edit the server accepted and stored, in sequence order; the
    /// author's own edits come back this way as their acknowledgement.
    Accepted(Accepted),
    /// An edit of this client the server refused; nothing of it applies.
    Rejected { client_seq: u64, reason: String },
    /// The design was replaced outside the room (a save through the REST
    /// API): start again from this design.
    Reset {
        seq: u64,
        #[serde(deserialize_with = "crate::schema::nested")]
        design: Box<Design>,
        notice: String,
    },
    /// Someone joined or moved their pointer or selection.
    Presence(Peer),
    /// Someone left.
    Left { peer: String },
    /// A comment thread was started, replied to, resolved or reopened:
    /// the thread as it now stands (replace the one with its ID). Comments
    /// are not part of the design and have no sequence number; a client
    /// that reconnects reads them again.
    Thread(Box<Thread>),
    /// A revision of the design was saved (by the room after a pause, by a
    /// person's Save with a message, by a REST save or a restore).
    Saved {
        revision: i64,
        /// The email of who saved it, when known.
        #[serde(default)]
        author: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
    /// This client's [`ClientMsg::Save`] failed, and why.
    SaveFailed { reason: String },
    /// The design's reviews changed (a request, a verdict, or a saved
    /// revision that makes an approval stale): its review state and
    /// requests, newest first, as `GET .../reviews` answers them.
    Reviews { state: ReviewState, requests: Vec<ReviewRequest> },
}

/// An accepted edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub seq: u64,
    /// The tab that sent it and its number there.
    pub session: String,
    pub client_seq: u64,
    /// Who made it, as the room shows them.
    pub author: String,
    pub patch: Patch,
}

/// A point in canvas coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Someone in the room: never stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Peer {
    pub id: String,
    pub name: String,
    /// A CSS colour for the cursor and selection outline.
    pub colour: String,
    pub can_edit: bool,
    #[serde(default)]
    pub cursor: Option<Point>,
    #[serde(default)]
    pub selection: Vec<ResourceId>,
}

/// The presence colours, distinct on white and on the dark theme.
pub const COLOURS: [&str; 8] =
    ["#d6336c", "#1c7ed6", "#2f9e44", "#f08c00", "#7048e8", "#0c8599", "#e8590c", "#5c940d"];

/// A stable colour for a person.
pub fn colour_for(key: &str) -> &'static str {
    let hash = key.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    COLOURS[hash as usize % COLOURS.len()]
}
