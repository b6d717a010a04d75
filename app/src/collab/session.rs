//! What the room's messages do: the `Welcome` that (re)joins, others'
//! edits and this tab's acknowledgements, refusals, resets, presence,
//! comment threads, saved revisions and reviews,
//! each run through the sync (`sync.rs`) and turned into a change of the
//! editor's design, messages to send and toasts.

use super::Room;
use super::link::Link;
use super::sync::Changes;
use crate::persistence;
use crate::state::{Editor, ToastKind};
use leptos::prelude::*;
use vpcraft_core::collab::protocol::{ClientMsg, Peer, ServerMsg};

/// What handling a message leaves for the editor.
#[derive(Default)]
struct Outcome {
    update: Changes,
    /// The pending-edit count afterwards.
    pending: Option<usize>,
}

/// Handles a text frame of the socket `serial`, in the room's wasm module
/// (see `wire.rs`), which is loaded before a socket opens.
#[wasm_split_helpers::wasm_split(collab, fallible, preload(preload_handle))]
pub(super) fn handle(
    room: Room,
    editor: Editor,
    serial: u64,
    text: &str,
) -> Result<(), wasm_split_helpers::SplitLoaderError> {
    room.on_text(editor, serial, text);
    Ok(())
}

impl Room {
    fn on_text(self, editor: Editor, serial: u64, text: &str) {
        if self.inner.try_with_value(|i| i.serial == serial) != Some(true) {
            return;
        }
        // The replica holds every edit before it takes the room's.
        self.flush(editor);
        let msg = match crate::json::from_str::<ServerMsg>(text) {
            Ok(msg) => msg,
            Err(error) => {
                web_sys::console::warn_1(
                    &format!("vpcraft: unreadable room message: {error}").into(),
                );
                return;
            }
        };
        let joined = matches!(msg, ServerMsg::Welcome { .. });
        let outcome = match msg {
            ServerMsg::Welcome { you, seq, design, can_edit, peers, notice } => {
                // The live design, not an old revision on screen.
                let current = editor.live(Clone::clone);
                let mut outcome = self.step(|i| {
                    i.failed = 0;
                    you.clone_into(&mut i.you);
                    i.sync.welcome(seq, design.map(|d| *d), can_edit, &current)
                });
                outcome.update.notices.extend(notice);
                self.peers.set(peers.into_iter().filter(|p| p.id != you).collect());
                self.can_edit.set(can_edit);
                self.link.set(Link::Live);
                // Comments and reviews changed while the tab was away are
                // read again; the room pushes them from now on.
                editor.comments.reload(editor);
                editor.reviews.reload(editor);
                outcome
            }
            ServerMsg::Accepted(edit) => self.step(|i| i.sync.accepted(&edit)),
            ServerMsg::Rejected { client_seq, reason } => {
                self.step(|i| (i.sync.rejected(client_seq, &reason), Vec::new()))
            }
            ServerMsg::Reset { seq, design, notice } => {
                let mut outcome = self.step(|i| (i.sync.reset(*design, seq), Vec::new()));
                outcome.update.notices.insert(0, notice);
                outcome
            }
            ServerMsg::Presence(peer) => {
                self.seen(peer);
                return;
            }
            ServerMsg::Left { peer } => {
                self.peers.update(|peers| peers.retain(|p| p.id != peer));
                return;
            }
            ServerMsg::Thread(thread) => {
                editor.comments.received(*thread);
                return;
            }
            ServerMsg::Saved { revision, author, message } => {
                editor.revisions.saved(editor, revision, author, message);
                return;
            }
            ServerMsg::SaveFailed { reason } => {
                editor.revisions.saving.set(false);
                editor.show_toast(format!("Not saved: {reason}"), ToastKind::Error);
                return;
            }
            ServerMsg::Reviews { state, requests } => {
                editor.reviews.received(state, requests);
                return;
            }
        };
        self.show(editor, outcome);
        if joined {
            self.send_presence(editor);
        }
    }

    /// Runs one step of the sync, sends the messages it returns and notes
    /// the pending count.
    fn step(&self, f: impl FnOnce(&mut super::Inner) -> (Changes, Vec<ClientMsg>)) -> Outcome {
        let outcome = self.inner.try_update_value(|i| {
            let (update, out) = f(i);
            if let Some(socket) = &i.socket {
                for msg in &out {
                    socket.send(msg);
                }
            }
            Outcome { update, pending: i.sync.pending() }
        });
        outcome.unwrap_or_default()
    }

    /// Shows what a message did: the new design, the notices as a toast,
    /// the pending count, and the draft once everything is acknowledged.
    fn show(&self, editor: Editor, outcome: Outcome) {
        let Outcome { update, pending } = outcome;
        if let Some(design) = update.design {
            editor.apply_remote(design);
        }
        if !update.notices.is_empty() {
            editor.show_toast(update.notices.join(" "), ToastKind::Error);
        }
        if let Some(pending) = pending {
            if pending == 0 && self.pending.get_untracked() > 0 {
                persistence::clear_draft();
            }
            self.pending.set(pending);
        }
    }

    /// Someone joined, moved or selected: adds or updates them.
    fn seen(&self, peer: Peer) {
        if self.inner.with_value(|i| i.you == peer.id) {
            return;
        }
        self.peers.update(|peers| match peers.iter_mut().find(|p| p.id == peer.id) {
            Some(known) => *known = peer,
            None => peers.push(peer),
        });
    }
}
