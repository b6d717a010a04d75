//! What a room passes on besides edits and presence: a revision saved now
//! at a person's request with a message (`ClientMsg::Save`), every saved
//! revision (`ServerMsg::Saved`, with its author and message) and the
//! design's reviews whenever they change (`ServerMsg::Reviews`), so that
//! the app never polls for them. Both go to members only, never to a
//! share link's guest. Saves and review changes made on another process
//! arrive through `listen.rs` on [`REVIEWS_CHANNEL`].

use super::{Room, ServerMsg, text};
use crate::api::designs::MESSAGE_MAX;
use std::sync::Arc;

/// The channel on which processes tell each other of saved revisions
/// (payload `"design saved N process"`) and changed reviews (`"design
/// reviews - process"`).
pub const REVIEWS_CHANNEL: &str = "vpcraft_reviews";

impl Room {
    /// Saves the design now with `message` for the person `peer`, who must
    /// be allowed to edit; tells them alone when it fails.
    pub(super) async fn save_now(&mut self, peer: &str, message: String) {
        let Some(client) = self.clients.get(peer) else { return };
        let refusal = if !client.peer.can_edit {
            Some("you may not save this design: only its editors and owners save".to_owned())
        } else if message.trim().chars().count() > MESSAGE_MAX {
            Some(format!(
                "the message is {} characters long: at most {MESSAGE_MAX}",
                message.trim().chars().count()
            ))
        } else {
            None
        };
        if refusal.is_none() {
            self.last_author = Some(client.user_id.clone());
            let message = message.trim();
            let message = (!message.is_empty()).then_some(message);
            if let Some(revision) = self.save_with(message).await {
                self.announce_saved(revision).await;
                return;
            }
        }
        let reason = refusal.unwrap_or_else(|| {
            "the revision could not be saved (someone saved at the same moment): try again".into()
        });
        if let Some(client) = self.clients.get(peer) {
            let _ = client.out.try_send(text(&ServerMsg::SaveFailed { reason }));
        }
    }

    /// Tells this room's people and the other processes that this room
    /// saved `revision`.
    pub(super) async fn announce_saved(&mut self, revision: i64) {
        self.saved(revision).await;
        let payload = format!("{} saved {revision} {}", self.id, self.hub.process());
        if let Err(e) = self.state.db.notify(REVIEWS_CHANNEL, &payload).await {
            tracing::debug!(error = ?e, "cannot announce a saved revision");
        }
    }

    /// Tells this room's people that `revision` was saved (with its author
    /// and message), and the reviews, whose state a new revision changes.
    pub(super) async fn saved(&mut self, revision: i64) {
        let summary = match self.state.db.revisions(&self.id, Some(revision + 1), 1).await {
            Ok(Some(list)) => list.into_iter().find(|r| r.revision == revision),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(design = %self.id, error = ?e, "cannot read a saved revision");
                None
            }
        };
        let (author, message) = summary.map_or((None, None), |s| (s.author, s.message));
        self.send_to_members(&ServerMsg::Saved { revision, author, message });
        self.reviews().await;
    }

    /// Reads the design's reviews and sends them to the members here.
    pub(super) async fn reviews(&mut self) {
        let read = async {
            let state = self.state.db.review_state(&self.id).await?;
            let requests = self.state.db.reviews(&self.id).await?;
            Ok::<_, sqlx::Error>(ServerMsg::Reviews { state, requests })
        };
        match read.await {
            Ok(message) => self.send_to_members(&message),
            Err(e) => tracing::warn!(design = %self.id, error = ?e, "cannot read the reviews"),
        }
    }

    /// Sends `message` to the members here, not to share links' guests
    /// (who read the design alone: no history, no reviews).
    fn send_to_members(&mut self, message: &ServerMsg) {
        let text = text(message);
        self.clients.retain(|_, client| {
            client.user_id.is_empty() || client.out.try_send(Arc::clone(&text)).is_ok()
        });
    }
}
