//! What the room's messages do: the `Welcome` that (re)joins, others'
//! edits and this tab's acknowledgements, refusals, resets and presence,
//! each turned into a change of the editor's design and toasts.

use super::Room;
use super::link::Link;
use crate::persistence;
use crate::state::{Editor, ToastKind};
use leptos::prelude::*;
use vpcraft_core::Design;
use vpcraft_core::collab::protocol::{ClientMsg, Peer, ServerMsg};
use vpcraft_core::collab::{Replica, Update as Changes, patch_between};

/// What handling a message leaves for the editor.
#[derive(Default)]
struct Outcome {
    update: Changes,
    /// The pending-edit count afterwards.
    pending: Option<usize>,
}

impl Room {
    /// Handles a text frame of the socket `serial`.
    pub(super) fn on_text(self, editor: Editor, serial: u64, text: &str) {
        if self.inner.try_with_value(|i| i.serial == serial) != Some(true) {
            return;
        }
        let msg = match serde_json::from_str::<ServerMsg>(text) {
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
                let mut outcome = self.welcome(editor, &you, seq, design.map(|d| *d), can_edit);
                outcome.update.notices.extend(notice);
                self.peers.set(peers.into_iter().filter(|p| p.id != you).collect());
                self.can_edit.set(can_edit);
                self.link.set(Link::Live);
                outcome
            }
            ServerMsg::Accepted(edit) => self.with_replica(|i, replica| {
                let update = replica.accepted(&edit);
                if let Some(at) = i.resend_at
                    && replica.seq() >= at
                {
                    i.resend_at = None;
                    send_all(i.socket.as_ref(), &replica.resend());
                }
                update
            }),
            ServerMsg::Rejected { client_seq, reason } => {
                self.with_replica(|_, replica| replica.rejected(client_seq, &reason))
            }
            ServerMsg::Reset { seq, design, notice } => {
                let mut outcome = self.with_replica(|_, replica| replica.reset(*design, seq));
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
        };
        self.show(editor, outcome);
        if joined {
            self.send_presence(editor);
        }
    }

    /// (Re)joins: on the first `Welcome` the replica starts from the
    /// server's design with the edits made before joining on top; after a
    /// reconnect it starts again from a fresh design, or catches up and
    /// then sends what the server has not acknowledged.
    fn welcome(
        &self,
        editor: Editor,
        you: &str,
        seq: u64,
        design: Option<Design>,
        can_edit: bool,
    ) -> Outcome {
        let current = editor.design.get_untracked();
        let outcome = self.inner.try_update_value(|i| {
            i.welcomed = true;
            i.failed = 0;
            you.clone_into(&mut i.you);
            let mut update = Changes::default();
            let mut out: Vec<ClientMsg> = Vec::new();
            match (i.replica.as_mut(), design) {
                (None, Some(design)) => {
                    let mut replica = Replica::new(i.session.clone(), design, seq);
                    let mut local = replica.local().clone();
                    if can_edit {
                        let early = i.rest_base.as_ref().map(|base| patch_between(base, &current));
                        if let Some(early) = early.filter(|p| !p.is_empty())
                            && let Err(error) = early.apply(&mut local)
                        {
                            update.notices.push(format!(
                                "Your changes made before joining were not applied: {error}"
                            ));
                        }
                        // A design stored without a layout is laid out
                        // once, for everyone.
                        crate::auto_layout::place_missing(&mut local);
                        out.extend(replica.edit(&local));
                    }
                    if local != current {
                        update.design = Some(local);
                    }
                    i.replica = Some(replica);
                }
                (Some(replica), Some(design)) => {
                    update = replica.reset(design, seq);
                    out.extend(replica.resend());
                }
                (Some(replica), None) if replica.seq() >= seq => out.extend(replica.resend()),
                (Some(_), None) => i.resend_at = Some(seq),
                // The server owes a design to a tab without one; the next
                // message that needs it will find no replica.
                (None, None) => {}
            }
            send_all(i.socket.as_ref(), &out);
            Outcome { update, pending: i.replica.as_ref().map(Replica::pending) }
        });
        outcome.unwrap_or_default()
    }

    /// Runs `f` on the replica, when there is one.
    fn with_replica(&self, f: impl FnOnce(&mut super::Inner, &mut Replica) -> Changes) -> Outcome {
        let outcome = self.inner.try_update_value(|i| {
            let mut replica = i.replica.take()?;
            let update = f(i, &mut replica);
            let pending = replica.pending();
            i.replica = Some(replica);
            Some(Outcome { update, pending: Some(pending) })
        });
        outcome.flatten().unwrap_or_default()
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

fn send_all(socket: Option<&super::Socket>, msgs: &[ClientMsg]) {
    if let Some(socket) = socket {
        for msg in msgs {
            socket.send(msg);
        }
    }
}
