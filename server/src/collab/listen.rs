//! Hears what other server processes sharing the PostgreSQL database did:
//! edits stored (`vpcraft_room`, payload "design seq"), people's
//! presence (`vpcraft_presence`, JSON) and comment threads changed
//! (`vpcraft_comments`, payload "design thread process"), revisions saved
//! and reviews changed (`vpcraft_reviews`, payload "design saved N
//! process" or "design reviews - process"), and tells this process's rooms.

use super::{Command, Hub, REVIEWS_CHANNEL};
use crate::db::comments::COMMENTS_CHANNEL;
use crate::db::edits::{PRESENCE_CHANNEL, ROOM_CHANNEL};
use std::time::Duration;
use tokio::sync::oneshot;
use vpcraft_core::collab::protocol::Peer;

/// Listens until the process ends, reconnecting after a failure; after a
/// reconnect every room catches up, since notifications sent meanwhile
/// are lost.
pub async fn run(hub: Hub, url: String, ready: oneshot::Sender<()>) {
    let mut ready = Some(ready);
    loop {
        match listen(&hub, &url, &mut ready).await {
            Ok(()) => return,
            Err(e) => tracing::warn!(error = %e, "listening for other processes failed; retrying"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        for design in hub.designs() {
            hub.tell(&design, Command::Poke { seq: i64::MAX }).await;
        }
    }
}

async fn listen(
    hub: &Hub,
    url: &str,
    ready: &mut Option<oneshot::Sender<()>>,
) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener
        .listen_all([ROOM_CHANNEL, PRESENCE_CHANNEL, COMMENTS_CHANNEL, REVIEWS_CHANNEL])
        .await?;
    if let Some(ready) = ready.take() {
        let _ = ready.send(());
    }
    loop {
        let notification = listener.recv().await?;
        let payload = notification.payload();
        if notification.channel() == ROOM_CHANNEL {
            let (design, seq) = payload.split_once(' ').unwrap_or((payload, ""));
            let seq = seq.parse().unwrap_or(i64::MAX);
            hub.tell(design, Command::Poke { seq }).await;
        } else if notification.channel() == COMMENTS_CHANNEL {
            let mut parts = payload.split(' ');
            if let (Some(design), Some(thread), Some(process)) =
                (parts.next(), parts.next(), parts.next())
                && process != hub.process()
            {
                hub.tell(design, Command::Thread { thread: thread.to_owned() }).await;
            }
        } else if notification.channel() == REVIEWS_CHANNEL {
            let parts: Vec<&str> = payload.split(' ').collect();
            if let [design, kind, revision, process] = parts[..]
                && process != hub.process()
            {
                let command = match (kind, revision.parse()) {
                    ("saved", Ok(revision)) => Command::Saved { revision },
                    _ => Command::Reviews,
                };
                hub.tell(design, command).await;
            }
        } else if let Ok(presence) = serde_json::from_str::<Presence>(payload)
            && presence.process != hub.process()
        {
            hub.tell(&presence.design, Command::Remote { id: presence.id, peer: presence.peer })
                .await;
        }
    }
}

#[derive(serde::Deserialize)]
struct Presence {
    design: String,
    process: String,
    id: String,
    peer: Option<Peer>,
}
