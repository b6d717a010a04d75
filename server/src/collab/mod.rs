//! Live co-editing: one room per open design, over WebSocket.
//!
//! The [`Hub`] holds this process's rooms, each an actor task (`room.rs`)
//! that owns the design at its edit sequence number, orders the edits its
//! people send, stores each batch in the edit log (`db::edits`) and only
//! then acknowledges and broadcasts it, and saves the design as a revision
//! with its findings after a pause. `socket.rs` is one person's connection;
//! `listen.rs` carries edits and presence between server processes that
//! share one PostgreSQL database (`LISTEN`/`NOTIFY`), so that a room spread
//! over several processes stays one room: the edit log's compare-and-set
//! numbering is the single order, and a process that loses a race catches
//! up from the log and tries again.
//!
//! Comments are not edits: a changed thread is stored by the REST API
//! (`api/comments.rs`), which then calls [`thread_changed`]; the room reads
//! the thread and passes it on to everyone in it (`ServerMsg::Thread`), and
//! the other processes hear of it on their own channel. Reviews and saved
//! revisions are passed on the same way (`room/push.rs`,
//! [`reviews_changed`]), so the app needs no polling for them.

mod listen;
mod room;
mod socket;

use crate::AppState;
use crate::db::edits::EditRow;
use crate::db::{StoredRevision, codec};
use crate::error::ApiError;
use axum::Router;
use axum::routing::get;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OnceCell, mpsc, oneshot};
use vpcraft_core::Design;
use vpcraft_core::collab::Patch;

pub use room::{Command, REVIEWS_CHANNEL};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs/{id}/room", get(socket::upgrade))
        .route("/shared/room", get(socket::shared_upgrade))
}

/// This process's rooms, by design ID; cheap to clone.
#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    rooms: Mutex<HashMap<String, mpsc::Sender<Command>>>,
    /// A random name of this process, so that it ignores its own presence
    /// notifications.
    process: String,
    /// Set once this process listens for the others (PostgreSQL).
    listening: OnceCell<()>,
    /// Counts share links revoked here, so that guests' connections check
    /// their link at once (other processes' guests check at their next
    /// ping).
    revoked: tokio::sync::watch::Sender<u64>,
}

impl Hub {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                process: uuid::Uuid::new_v4().simple().to_string(),
                ..Inner::default()
            }),
        }
    }

    fn process(&self) -> &str {
        &self.inner.process
    }

    /// Notes that a share link was revoked: guests re-check theirs.
    pub fn share_revoked(&self) {
        self.inner.revoked.send_modify(|n| *n += 1);
    }

    fn watch_revoked(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.revoked.subscribe()
    }

    /// Sends a command to the design's room, starting the room when it is
    /// not running (or has just stopped).
    pub async fn send(&self, state: &AppState, design: &str, command: Command) {
        self.ensure_listening(state).await;
        let mut command = command;
        for _ in 0..3 {
            let room = {
                let mut rooms = self.inner.rooms.lock().unwrap_or_else(|e| e.into_inner());
                rooms
                    .entry(design.to_owned())
                    .or_insert_with(|| room::start(state.clone(), design.to_owned()))
                    .clone()
            };
            match room.send(command).await {
                Ok(()) => return,
                Err(mpsc::error::SendError(back)) => {
                    // The room stopped after its last person left: forget
                    // it, so that the next try starts it again.
                    command = back;
                    let mut rooms = self.inner.rooms.lock().unwrap_or_else(|e| e.into_inner());
                    if rooms.get(design).is_some_and(|r| r.same_channel(&room)) {
                        rooms.remove(design);
                    }
                }
            }
        }
        tracing::warn!(design, "the room would not start");
    }

    /// Tells a running room something, waiting for room in its queue; a
    /// room that does not run here is not started for it.
    pub async fn tell(&self, design: &str, command: Command) {
        let room = self.inner.rooms.lock().unwrap_or_else(|e| e.into_inner()).get(design).cloned();
        if let Some(room) = room {
            let _ = room.send(command).await;
        }
    }

    /// Forgets a room that stopped.
    fn stopped(&self, design: &str, room: &mpsc::Sender<Command>) {
        let mut rooms = self.inner.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if rooms.get(design).is_some_and(|r| r.same_channel(room)) {
            rooms.remove(design);
        }
    }

    /// Every design with a room here.
    fn designs(&self) -> Vec<String> {
        self.inner.rooms.lock().unwrap_or_else(|e| e.into_inner()).keys().cloned().collect()
    }

    /// Starts listening for other processes' edits and presence, once,
    /// when the database can tell; the first room waits (a little) until
    /// the listener is in place, so that it misses nothing said after it
    /// opened.
    async fn ensure_listening(&self, state: &AppState) {
        let Some(url) = state.db.listen_url() else { return };
        self.inner
            .listening
            .get_or_init(|| async {
                let (ready, listening) = oneshot::channel();
                tokio::spawn(listen::run(self.clone(), url.to_owned(), ready));
                let _ = tokio::time::timeout(Duration::from_secs(5), listening).await;
            })
            .await;
    }
}

/// Tells everyone in the design's room, on this process and the others,
/// that a comment thread changed (they are sent the thread as it stands).
pub async fn thread_changed(state: &AppState, design: &str, thread: &str) {
    state.hub.tell(design, Command::Thread { thread: thread.to_owned() }).await;
    let payload = format!("{design} {thread} {}", state.hub.process());
    if let Err(e) = state.db.notify(crate::db::comments::COMMENTS_CHANNEL, &payload).await {
        tracing::warn!(error = ?e, design, "cannot announce a comment to the other processes");
    }
}

/// Tells the members in the design's room, on this process and the others,
/// that its reviews changed (they are sent the reviews as they stand).
pub async fn reviews_changed(state: &AppState, design: &str) {
    state.hub.tell(design, Command::Reviews).await;
    let payload = format!("{design} reviews - {}", state.hub.process());
    if let Err(e) = state.db.notify(REVIEWS_CHANNEL, &payload).await {
        tracing::warn!(error = ?e, design, "cannot announce reviews to the other processes");
    }
}

/// The design as it stands now: the head revision with the room's edits
/// after it applied, its revision number and edit sequence. `None` when
/// there is no such design.
pub async fn current(state: &AppState, id: &str) -> Result<Option<(Design, i64, i64)>, ApiError> {
    let Some(stored) = state.db.load(id, None).await? else { return Ok(None) };
    let edits = state.db.edits_after(id, stored.seq, i64::MAX).await?;
    replay(state, id, stored, edits).await.map(Some)
}

/// `stored` (the head revision) with `edits`, the stored edits after it,
/// applied in order: the design, its revision number and edit sequence.
pub async fn replay(
    state: &AppState,
    id: &str,
    stored: StoredRevision,
    edits: Vec<EditRow>,
) -> Result<(Design, i64, i64), ApiError> {
    let (revision, mut seq) = (stored.revision, stored.seq);
    let mut design = state.workers.run(move || codec::design(&stored.document)).await??;
    for edit in edits {
        if edit.reset_revision.is_some() {
            // A newer revision replaced the design: read that instead.
            return Box::pin(current(state, id))
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")));
        }
        let patch: Patch = serde_json::from_str(&edit.patch).map_err(anyhow::Error::from)?;
        patch.apply(&mut design).map_err(anyhow::Error::from)?;
        seq = edit.seq;
    }
    Ok((design, revision, seq))
}
