//! The client's copy of a shared design: what the server confirmed plus
//! this tab's edits in flight.

use super::diff::patch_between;
use super::patch::Patch;
use super::protocol::{Accepted, ClientMsg};
use crate::model::Design;
use std::collections::VecDeque;

/// The confirmed design at the room's sequence number, and this tab's
/// edits sent but not yet accepted, in order. The design the person sees is
/// the confirmed one with the pending edits on top ([`Replica::local`]).
#[derive(Clone, Debug)]
pub struct Replica {
    session: String,
    confirmed: Design,
    seq: u64,
    pending: VecDeque<(u64, Patch)>,
    next_client_seq: u64,
    local: Design,
}

/// What a message from the server did to the design the person sees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// Whether the local design ([`Replica::local`]) changed; the caller
    /// takes it from there, so a caller that does not need a copy makes
    /// none.
    pub changed: bool,
    /// Things to tell the person: an edit of theirs that was refused and
    /// why.
    pub notices: Vec<String>,
}

impl Replica {
    /// A replica of `design` at sequence `seq` for the tab `session`.
    pub fn new(session: impl Into<String>, design: Design, seq: u64) -> Self {
        Self {
            session: session.into(),
            local: design.clone(),
            confirmed: design,
            seq,
            pending: VecDeque::new(),
            next_client_seq: 1,
        }
    }

    pub fn session(&self) -> &str {
        &self.session
    }

    /// The last sequence number the server confirmed.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The design as the person sees it: confirmed plus pending edits.
    pub fn local(&self) -> &Design {
        &self.local
    }

    /// The design as the server has it.
    pub fn confirmed(&self) -> &Design {
        &self.confirmed
    }

    /// How many local edits await the server.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Records that the person changed the local design to `after`, and
    /// returns the message to send, or `None` when nothing changed.
    pub fn edit(&mut self, after: &Design) -> Option<ClientMsg> {
        let patch = patch_between(&self.local, after);
        if patch.is_empty() {
            return None;
        }
        let client_seq = self.next_client_seq;
        self.next_client_seq += 1;
        // The patch brings the local design to `after` in the time of the
        // change, where a copy of a design of a thousand resources took
        // longer than the rest of a drop's work.
        if patch.apply(&mut self.local).is_err() {
            self.local = after.clone();
        }
        debug_assert!(
            self.local == *after,
            "a patch between two designs leads from one to the other"
        );
        self.pending.push_back((client_seq, patch.clone()));
        Some(ClientMsg::Edit { client_seq, patch })
    }

    /// The pending edits to send again after reconnecting and catching up.
    pub fn resend(&self) -> Vec<ClientMsg> {
        self.pending
            .iter()
            .map(|(client_seq, patch)| ClientMsg::Edit {
                client_seq: *client_seq,
                patch: patch.clone(),
            })
            .collect()
    }

    /// Applies an accepted edit: this tab's own confirms its pending edit,
    /// another's is applied under the pending ones.
    pub fn accepted(&mut self, edit: &Accepted) -> Update {
        if edit.seq <= self.seq {
            return Update::default();
        }
        self.seq = edit.seq;
        let mine = edit.session == self.session;
        let confirms_head =
            mine && self.pending.front().is_some_and(|(n, _)| *n == edit.client_seq);
        if edit.patch.apply(&mut self.confirmed).is_err() {
            // The server applied it to the same design, so this cannot
            // happen unless the replica is out of step: start over from
            // what the server says next (the caller reconnects).
            return Update::default();
        }
        if confirms_head {
            self.pending.pop_front();
            return Update::default();
        }
        if mine {
            // An edit of this tab accepted before a reconnect: forget it.
            self.pending.retain(|(n, _)| *n != edit.client_seq);
        }
        if !mine && self.pending.iter().all(|(_, p)| p.commutes_with(&edit.patch)) {
            // Nothing of this tab's on top touches what the edit touches (or
            // nothing lies on top at all), so applying it to the local
            // design gives what a rebuild would: the common case, and the
            // cheap one, even while this tab's own edits are in flight.
            return match edit.patch.apply(&mut self.local) {
                Ok(()) => Update { changed: true, notices: Vec::new() },
                Err(_) => self.rebase(),
            };
        }
        self.rebase()
    }

    /// Drops a refused edit of this tab and shows the design without it.
    pub fn rejected(&mut self, client_seq: u64, reason: &str) -> Update {
        let before = self.pending.len();
        self.pending.retain(|(n, _)| *n != client_seq);
        if self.pending.len() == before {
            return Update::default();
        }
        let mut update = self.rebase();
        update.notices.insert(0, format!("Your change was not applied: {reason}"));
        update
    }

    /// Starts again from the server's design at `seq`, keeping the pending
    /// edits that still apply.
    pub fn reset(&mut self, design: Design, seq: u64) -> Update {
        self.confirmed = design;
        self.seq = seq;
        self.rebase()
    }

    /// The confirmed design with the pending edits that apply on top: what
    /// [`Replica::local`] must always equal (tests check it after every
    /// message).
    pub fn rebuilt(&self) -> Design {
        let mut local = self.confirmed.clone();
        for (_, patch) in &self.pending {
            let _ = patch.apply(&mut local);
        }
        local
    }

    /// Rebuilds the local design from the confirmed one and the pending
    /// edits, dropping (with a notice) those that no longer apply.
    fn rebase(&mut self) -> Update {
        let mut local = self.confirmed.clone();
        let mut notices = Vec::new();
        self.pending.retain(|(_, patch)| match patch.apply(&mut local) {
            Ok(()) => true,
            Err(e) => {
                notices.push(format!("Your change was undone: {e}"));
                false
            }
        });
        let changed = local != self.local;
        self.local = local;
        Update { changed, notices }
    }
}
