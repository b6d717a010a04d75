//! The room's edit log: storing a batch of edits under the design's lock,
//! catching up with what other processes stored, resets by REST saves, and
//! saving revisions.

use super::{AT_MOST, KEEP_EDITS, QUIET, Room, text};
use crate::db::edits::{Append, EditRow};
use crate::db::{Packed, codec};
use std::collections::HashMap;
use std::time::Instant;
use vpcraft_core::Design;
use vpcraft_core::collab::Patch;
use vpcraft_core::collab::protocol::{Accepted, ServerMsg};

impl Room {
    /// Applies, stores and then acknowledges a batch of edits; refused ones
    /// go back to their authors only. The design's edit sequence is locked
    /// while the batch is numbered, so another process serving the room
    /// waits its turn rather than racing for the same numbers: what it
    /// stored before the lock was taken is applied first, then the batch on
    /// top of it.
    pub(super) async fn store(&mut self, batch: Vec<(String, u64, Patch)>) {
        for _attempt in 0..3 {
            let mut append = match self.state.db.begin_append(&self.id).await {
                Ok(Some(append)) => append,
                Ok(None) => {
                    self.refuse_all(&batch, "the design was deleted");
                    self.clients.clear();
                    return;
                }
                Err(e) => {
                    tracing::error!(design = %self.id, error = ?e, "cannot store edits");
                    self.refuse_all(&batch, "the server could not store it; try again");
                    return;
                }
            };
            if append.seq() > self.seq && !self.catch_up_locked(&mut append).await {
                // A REST save or an edit that does not apply: let go of the
                // lock, take the slow path, and try again.
                drop(append);
                self.catch_up().await;
                continue;
            }
            let (working, rows, sessions, refused) = self.number(&batch);
            if rows.is_empty() {
                self.refuse(refused);
                return;
            }
            if let Err(e) = append.commit(&self.state.db, &rows).await {
                tracing::error!(design = %self.id, error = ?e, "cannot store edits");
                self.refuse_all(&batch, "the server could not store it; try again");
                return;
            }
            self.design = working;
            self.seq += rows.len() as i64;
            self.sessions.extend(sessions);
            self.last_author = rows.last().and_then(|r| r.author_id.clone());
            self.last_edit = Instant::now();
            self.first_unsaved.get_or_insert(self.last_edit);
            for row in &rows {
                if let Some(message) = accepted(row) {
                    self.broadcast(&ServerMsg::Accepted(message), None);
                }
            }
            self.refuse(refused);
            return;
        }
        self.refuse_all(&batch, "the design kept changing under this edit; try again");
    }

    /// Applies, under the append's lock, the edits another process stored
    /// since this room's sequence; false when one is a REST save's reset or
    /// does not apply, which the unlocked catch-up handles.
    async fn catch_up_locked(&mut self, append: &mut Append) -> bool {
        let rows = match append.missed(self.seq).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot read edits");
                return false;
            }
        };
        let contiguous = rows.len() as i64 == append.seq() - self.seq
            && rows.iter().all(|row| row.reset_revision.is_none());
        if !contiguous {
            return false;
        }
        rows.iter().all(|row| self.apply_stored(row))
    }

    /// Applies the batch to a copy of the design and numbers the edits that
    /// apply after the room's sequence: the copy, the rows to store, the
    /// tabs' last edits, and the refusals.
    #[allow(clippy::type_complexity)]
    fn number(
        &self,
        batch: &[(String, u64, Patch)],
    ) -> (Design, Vec<EditRow>, HashMap<String, u64>, Vec<(String, u64, String)>) {
        let mut working = self.design.clone();
        let mut rows = Vec::new();
        let mut refused = Vec::new();
        let mut sessions: HashMap<String, u64> = HashMap::new();
        for (peer, client_seq, patch) in batch {
            let Some(client) = self.clients.get(peer) else { continue };
            if !client.peer.can_edit {
                refused.push((
                    peer.clone(),
                    *client_seq,
                    "you can view this design but not edit it".to_owned(),
                ));
                continue;
            }
            let last = sessions
                .get(&client.session)
                .or_else(|| self.sessions.get(&client.session))
                .copied()
                .unwrap_or(0);
            if *client_seq <= last {
                // Sent again after a reconnect: already applied.
                continue;
            }
            match patch.apply(&mut working) {
                Ok(()) => {
                    sessions.insert(client.session.clone(), *client_seq);
                    rows.push(EditRow {
                        seq: self.seq + rows.len() as i64 + 1,
                        session: client.session.clone(),
                        client_seq: i64::try_from(*client_seq).unwrap_or(i64::MAX),
                        author_id: Some(client.user_id.clone()),
                        author: client.peer.name.clone(),
                        patch: serde_json::to_string(patch).unwrap_or_default(),
                        reset_revision: None,
                    });
                }
                Err(e) => refused.push((peer.clone(), *client_seq, e.to_string())),
            }
        }
        (working, rows, sessions, refused)
    }

    fn refuse(&mut self, refused: Vec<(String, u64, String)>) {
        for (peer, client_seq, reason) in refused {
            if let Some(client) = self.clients.get(&peer) {
                let _ = client.out.try_send(text(&ServerMsg::Rejected { client_seq, reason }));
            }
        }
    }

    fn refuse_all(&mut self, batch: &[(String, u64, Patch)], reason: &str) {
        let refused =
            batch.iter().map(|(peer, seq, _)| (peer.clone(), *seq, reason.to_owned())).collect();
        self.refuse(refused);
    }

    /// Applies the edits other processes stored since this room's sequence
    /// and passes them on.
    pub(super) async fn catch_up(&mut self) {
        let rows = match self.state.db.edits_after(&self.id, self.seq, i64::MAX).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot read edits");
                return;
            }
        };
        for row in rows {
            if let Some(revision) = row.reset_revision {
                self.reset(row.seq, revision, &row.author).await;
                continue;
            }
            if !self.apply_stored(&row) {
                self.reload().await;
                return;
            }
        }
    }

    /// Applies one edit another process stored and passes it on; false
    /// when it does not apply (the room must reload).
    fn apply_stored(&mut self, row: &EditRow) -> bool {
        let applied = serde_json::from_str::<Patch>(&row.patch)
            .map_err(|e| e.to_string())
            .and_then(|patch| patch.apply(&mut self.design).map_err(|e| e.to_string()));
        if let Err(e) = applied {
            tracing::error!(design = %self.id, seq = row.seq, error = %e, "a stored edit does not apply");
            return false;
        }
        self.seq = row.seq;
        self.sessions.insert(row.session.clone(), u64::try_from(row.client_seq).unwrap_or(0));
        self.first_unsaved.get_or_insert_with(Instant::now);
        if let Some(message) = accepted(row) {
            self.broadcast(&ServerMsg::Accepted(message), None);
        }
        true
    }

    /// Starts again from the revision a REST save stored at `seq`.
    async fn reset(&mut self, seq: i64, revision: i64, author: &str) {
        let loaded = match self.state.db.load(&self.id, Some(revision)).await {
            Ok(Some(stored)) => codec::design(&stored.document).ok(),
            _ => None,
        };
        let Some(design) = loaded else {
            self.reload().await;
            return;
        };
        self.design = design;
        self.seq = seq;
        self.head_revision = self.head_revision.max(revision);
        self.saved_seq = seq;
        self.first_unsaved = None;
        self.broadcast(
            &ServerMsg::Reset {
                seq: u64::try_from(seq).unwrap_or(0),
                design: Box::new(self.design.clone()),
                notice: format!("{author} saved another version of the design: it was reloaded."),
            },
            None,
        );
        // Every process's room resets itself, so each tells its own people.
        self.saved(revision).await;
    }

    /// Reads the whole design again and sends it to everyone.
    async fn reload(&mut self) {
        match Room::load(self.state.clone(), self.id.clone()).await {
            Ok(fresh) => {
                self.design = fresh.design;
                self.seq = fresh.seq;
                self.head_revision = fresh.head_revision;
                self.saved_seq = fresh.saved_seq;
                self.broadcast(
                    &ServerMsg::Reset {
                        seq: u64::try_from(self.seq).unwrap_or(0),
                        design: Box::new(self.design.clone()),
                        notice: "The design was reloaded from storage.".into(),
                    },
                    None,
                );
            }
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot reload the room");
                self.clients.clear();
            }
        }
    }

    pub(super) fn due(&self) -> bool {
        self.seq > self.saved_seq
            && self.first_unsaved.is_some_and(|first| {
                self.last_edit.elapsed() >= QUIET || first.elapsed() >= AT_MOST
            })
    }

    /// Saves the design as a revision with its findings, and tells
    /// everyone in the room and on the other processes.
    pub(super) async fn save(&mut self) {
        if let Some(revision) = self.save_with(None).await {
            self.announce_saved(revision).await;
        }
    }

    /// Saves the design as it stands as a revision with `message`, even
    /// when no edit came since the last one; the revision's number, `None`
    /// when another process saved first or storage failed (logged).
    pub(super) async fn save_with(&mut self, message: Option<&str>) -> Option<i64> {
        let design = self.design.clone();
        let packed = self
            .state
            .workers
            .run(move || {
                let findings = vpcraft_core::validate(&design);
                let packed = Packed::new(&design, &findings);
                (design.name, packed)
            })
            .await;
        let Ok((name, packed)) = packed else { return None };
        let saved = self
            .state
            .db
            .snapshot(
                &self.id,
                self.head_revision,
                self.seq,
                &name,
                &packed,
                self.last_author.as_deref(),
                message,
                KEEP_EDITS,
            )
            .await;
        match saved {
            Ok(Some(revision)) => {
                self.head_revision = revision;
                self.saved_seq = self.seq;
                self.first_unsaved = None;
                Some(revision)
            }
            Ok(None) => {
                // Someone else saved first: learn the head, catch up, and
                // save again at the next pause if still needed.
                if let Ok(Some((_, head))) = self.state.db.edit_state(&self.id).await {
                    self.head_revision = head;
                    if let Ok(Some(stored)) = self.state.db.load(&self.id, Some(head)).await {
                        self.saved_seq = stored.seq;
                    }
                }
                self.catch_up().await;
                if self.seq <= self.saved_seq {
                    self.first_unsaved = None;
                }
                None
            }
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot save a revision");
                None
            }
        }
    }
}

pub(super) fn accepted(row: &EditRow) -> Option<Accepted> {
    Some(Accepted {
        seq: u64::try_from(row.seq).ok()?,
        session: row.session.clone(),
        client_seq: u64::try_from(row.client_seq).ok()?,
        author: row.author.clone(),
        patch: serde_json::from_str(&row.patch).ok()?,
    })
}
